package dev.place.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** CDK assertions on sign-in: the Cognito user pool, its hosted UI, the web app client and the functions' configuration. */
class SignInPoolTest {

  private final Template t = StackFixture.template();

  @Test
  void aUserPoolWithHostedUiAndTheModeratorAndAdminGroups() {
    t.resourceCountIs("AWS::Cognito::UserPool", 1);
    t.hasResourceProperties("AWS::Cognito::UserPool", Map.of(
        "UsernameAttributes", List.of("email"),
        "UserPoolAddOns", Map.of("AdvancedSecurityMode", "ENFORCED")));
    t.hasResource("AWS::Cognito::UserPool", Map.of("DeletionPolicy", "Retain"));
    t.resourceCountIs("AWS::Cognito::UserPoolDomain", 1);
    for (String group : SignInPool.GROUPS) {
      t.hasResourceProperties("AWS::Cognito::UserPoolGroup", Map.of("GroupName", group));
    }
  }

  @Test
  void theWebClientIsPublicAndUsesTheAuthorizationCodeFlowBackToTheSite() {
    t.hasResourceProperties("AWS::Cognito::UserPoolClient", Map.of(
        "GenerateSecret", false,
        "AllowedOAuthFlows", List.of("code"),
        "AllowedOAuthFlowsUserPoolClient", true,
        "AllowedOAuthScopes", Match.arrayWith(List.of("openid")),
        "SupportedIdentityProviders", List.of("COGNITO"),
        "PreventUserExistenceErrors", "ENABLED",
        "CallbackURLs", List.of(Match.objectLike(Map.of("Fn::Join", Match.anyValue())))));
  }

  @Test
  void everyFunctionVerifiesIdTokensOfThePoolAndGuestsCostThreeCooldowns() throws Exception {
    String functions = new ObjectMapper().writeValueAsString(t.findResources("AWS::Lambda::Function"));
    assertThat(functions).contains("\"PLACE_OIDC_ISSUER\"", "\"PLACE_OIDC_CLIENT_ID\"", "/.well-known/jwks.json",
        "\"PLACE_OIDC_GROUPS_CLAIM\":\"cognito:groups\"", "\"PLACE_GUESTS\":\"allowed\"",
        "\"PLACE_GUEST_COOLDOWN_SECONDS\":\"900\"", "\"PLACE_GUEST_SESSIONS_PER_IP_PER_HOUR\":\"20\"");
  }

  @Test
  void theSessionRoutesExist() {
    for (String route : List.of("POST /api/v1/session", "DELETE /api/v1/session", "POST /api/v1/connect-ticket")) {
      t.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", route));
    }
  }

  @Test
  void theOutputsTellAnOperatorWhereToPlugInProviders() {
    for (String output : List.of("UserPoolId", "SignInClientId", "SignInIssuer", "HostedUiUrl")) {
      assertThat(t.findOutputs(output)).as(output).isNotEmpty();
    }
  }

  @Test
  void operatorsNameTheirProvidersAndGuestsByContext() {
    App app = new App();
    app.getNode().setContext("place:signInProviders", "Google, Discord");
    app.getNode().setContext("place:guests", "off");
    app.getNode().setContext("place:signInDomainPrefix", "my-event");
    SignInPool.Settings settings = SignInPool.Settings.fromContext(app.getNode(), 300);
    assertThat(settings.providers()).containsExactly("Google", "Discord");
    assertThat(settings.guests()).isFalse();
    assertThat(settings.domainPrefix()).isEqualTo("my-event");
    assertThat(settings.guestCooldownSeconds()).isEqualTo(900);
  }
}
