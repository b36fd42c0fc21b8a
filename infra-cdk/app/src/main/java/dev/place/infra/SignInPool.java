package dev.place.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.CfnUserPoolGroup;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.StandardThreatProtectionMode;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientIdentityProvider;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.constructs.Construct;
import software.constructs.Node;

/**
 * Sign-in for the web client (docs/deploy.md, Identity): a Cognito user pool with its hosted UI
 * (managed login) on a Cognito domain, and one public app client for the authorization code flow
 * with PKCE (no client secret: the web client is a browser page). The groups {@code moderators} and
 * {@code admins} arrive in ID tokens as {@code cognito:groups}, which the backend maps to roles.
 * External providers (Google, a SAML or OIDC IdP; Discord and Twitch as OIDC providers) are added to
 * the pool by the operator and named in {@code place:signInProviders}, which puts them on the client.
 */
public final class SignInPool extends Construct {

  static final List<String> GROUPS = List.of("moderators", "admins");

  /** Operator settings from CDK context. */
  public record Settings(String domainPrefix, List<String> providers, boolean guests, int guestCooldownSeconds,
      int guestSessionsPerIpPerHour) {

    /**
     * @param cooldownSeconds the account cooldown; guests wait three times as long unless
     *     {@code place:guestCooldownSeconds} says otherwise
     */
    static Settings fromContext(Node node, int cooldownSeconds) {
      Object prefix = node.tryGetContext("place:signInDomainPrefix");
      Object providers = node.tryGetContext("place:signInProviders");
      Object guests = node.tryGetContext("place:guests");
      String guestsText = guests == null ? "allowed" : guests.toString();
      if (!guestsText.equals("allowed") && !guestsText.equals("off")) {
        throw new IllegalArgumentException("place:guests is allowed or off, got " + guestsText);
      }
      return new Settings(prefix == null ? null : prefix.toString(),
          providers == null ? List.of() : List.of(providers.toString().split(",")).stream().map(String::trim)
              .filter(p -> !p.isEmpty()).toList(),
          guestsText.equals("allowed"),
          integer(node, "guestCooldownSeconds", 3 * cooldownSeconds),
          integer(node, "guestSessionsPerIpPerHour", 20));
    }

    private static int integer(Node node, String key, int fallback) {
      Object value = node.tryGetContext("place:" + key);
      return value == null ? fallback : Integer.parseInt(value.toString().trim());
    }
  }

  private final UserPool pool;
  private final UserPoolClient client;
  private final UserPoolDomain domain;
  private final Settings settings;

  public SignInPool(Construct scope, String id, Settings settings, String siteUrl) {
    super(scope, id);
    this.settings = settings;
    pool = UserPool.Builder.create(this, "Users")
        .userPoolName(scope.getNode().getId() + "-users")
        .selfSignUpEnabled(true)
        .signInAliases(SignInAliases.builder().email(true).build())
        .autoVerify(software.amazon.awscdk.services.cognito.AutoVerifiedAttrs.builder().email(true).build())
        .accountRecovery(AccountRecovery.EMAIL_ONLY)
        .passwordPolicy(PasswordPolicy.builder().minLength(12).requireDigits(true).requireLowercase(true)
            .requireUppercase(true).requireSymbols(true).build())
        .mfa(Mfa.OPTIONAL)
        .mfaSecondFactor(software.amazon.awscdk.services.cognito.MfaSecondFactor.builder().otp(true).sms(false).build())
        // Threat protection (compromised credentials, risky sign-ins): bots are what this pool is for.
        .featurePlan(FeaturePlan.PLUS)
        .standardThreatProtectionMode(StandardThreatProtectionMode.FULL_FUNCTION)
        // Accounts are the identities of history (user ids derive from their subjects): keep them.
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
    for (String group : GROUPS) {
      CfnUserPoolGroup.Builder.create(this, "Group-" + group).userPoolId(pool.getUserPoolId()).groupName(group)
          .description("place " + group + " (cognito:groups, mapped to the session role)").build();
    }
    domain = pool.addDomain("HostedUi", software.amazon.awscdk.services.cognito.UserPoolDomainOptions.builder()
        .cognitoDomain(CognitoDomainOptions.builder().domainPrefix(settings.domainPrefix() != null
            ? settings.domainPrefix() : Fn.join("-", List.of("place", Aws.ACCOUNT_ID))).build())
        .build());
    List<UserPoolClientIdentityProvider> providers = new ArrayList<>();
    providers.add(UserPoolClientIdentityProvider.COGNITO);
    settings.providers().forEach(p -> providers.add(UserPoolClientIdentityProvider.custom(p)));
    client = pool.addClient("Web", software.amazon.awscdk.services.cognito.UserPoolClientOptions.builder()
        .userPoolClientName("place-web")
        .generateSecret(false)
        .authFlows(AuthFlow.builder().build()) // only the hosted UI's OAuth flows, no password API
        .oAuth(OAuthSettings.builder()
            .flows(OAuthFlows.builder().authorizationCodeGrant(true).build())
            .scopes(List.of(OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE))
            .callbackUrls(List.of(siteUrl + "/"))
            .logoutUrls(List.of(siteUrl + "/"))
            .build())
        .supportedIdentityProviders(providers)
        .preventUserExistenceErrors(true)
        .idTokenValidity(Duration.hours(1))
        .accessTokenValidity(Duration.hours(1))
        .refreshTokenValidity(Duration.days(30))
        .build());
  }

  /** The ID tokens' {@code iss} (Cognito: {@code https://cognito-idp.<region>.amazonaws.com/<pool id>}). */
  public String issuer() {
    return pool.getUserPoolProviderUrl();
  }

  public String clientId() {
    return client.getUserPoolClientId();
  }

  public String hostedUiUrl() {
    return domain.baseUrl();
  }

  public UserPool pool() {
    return pool;
  }

  /** The functions' configuration of sign-in and guests (docs/operations.md). */
  public Map<String, String> environment() {
    return Map.of(
        "PLACE_OIDC_ISSUER", issuer(),
        "PLACE_OIDC_CLIENT_ID", clientId(),
        // Known for Cognito, so the first sign-in skips reading the discovery document.
        "PLACE_OIDC_JWKS_URL", issuer() + "/.well-known/jwks.json",
        "PLACE_OIDC_GROUPS_CLAIM", "cognito:groups",
        "PLACE_GUESTS", settings.guests() ? "allowed" : "off",
        "PLACE_GUEST_COOLDOWN_SECONDS", Integer.toString(settings.guestCooldownSeconds()),
        "PLACE_GUEST_SESSIONS_PER_IP_PER_HOUR", Integer.toString(settings.guestSessionsPerIpPerHour()));
  }
}
