package dev.place.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** cdk-nag's AwsSolutions pack finds nothing that is not suppressed with a documented reason. */
class NagFindingsTest {

  private static String describe(List<SynthesisMessage> messages) {
    StringBuilder b = new StringBuilder();
    messages.forEach(m -> b.append(m.getId()).append(": ").append(String.valueOf(m.getEntry().getData()).lines().findFirst().orElse("")).append('\n'));
    return b.toString();
  }

  @Test
  void noUnsuppressedErrors() {
    List<SynthesisMessage> errors = Annotations.fromStack(StackFixture.stack())
        .findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    assertThat(errors).as(describe(errors)).isEmpty();
  }

  @Test
  void noUnsuppressedWarnings() {
    List<SynthesisMessage> warnings = Annotations.fromStack(StackFixture.stack())
        .findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    assertThat(warnings).as(describe(warnings)).isEmpty();
  }

  @Test
  void everySuppressionHasAReason() {
    assertThat(NagSuppressionsCatalog.entries()).isNotEmpty()
        .allSatisfy(e -> assertThat(e.reason()).hasSizeGreaterThan(20));
  }
}
