package dev.place.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** The CDK app: one stack, checked by cdk-nag's AwsSolutions pack on every synth. */
public final class PlaceApp {

  /** Used only when no account is known, so `cdk synth` works offline without credentials. */
  static final String OFFLINE_ACCOUNT = "123456789012";
  static final String DEFAULT_REGION = "us-east-1";

  private PlaceApp() {}

  public static void main(String[] args) {
    App app = new App();
    String account = firstOf(System.getenv("CDK_DEFAULT_ACCOUNT"), OFFLINE_ACCOUNT);
    String region = firstOf((String) app.getNode().tryGetContext("place:region"),
        System.getenv("CDK_DEFAULT_REGION"), DEFAULT_REGION);
    // An explicit environment: availability zones and the like come from settings, never from
    // context lookups that would need AWS credentials at synth time.
    Environment env = Environment.builder().account(account).region(region).build();
    String stackName = firstOf((String) app.getNode().tryGetContext("place:stackName"), "Place");
    new PlaceStack(app, stackName, StackProps.builder().env(env)
        .description("place: collaborative real-time pixel canvas (r/place style)").build(),
        StackSettings.fromContext(app.getNode(), region), RepoLayout.find());
    Aspects.of(app).add(new AwsSolutionsChecks());
    app.synth();
  }

  private static String firstOf(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    throw new IllegalArgumentException("no value");
  }
}
