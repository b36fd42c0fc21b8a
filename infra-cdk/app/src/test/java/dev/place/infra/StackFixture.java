package dev.place.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/** One synthesized stack shared by the test classes: jsii boots once and synthesis takes seconds. */
final class StackFixture {

  static final StackSettings SETTINGS = StackSettings.defaults("eu-west-1");
  private static PlaceStack stack;
  private static Template template;

  private StackFixture() {}

  static synchronized PlaceStack stack() {
    if (stack == null) {
      App app = new App();
      stack = new PlaceStack(app, "PlaceTest", StackProps.builder()
          .env(Environment.builder().account("111122223333").region("eu-west-1").build()).build(),
          SETTINGS, RepoLayout.find());
      Aspects.of(app).add(new AwsSolutionsChecks());
      template = Template.fromStack(stack);
    }
    return stack;
  }

  static Template template() {
    stack();
    return template;
  }
}
