package dev.place.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

class StackSettingsTest {

  @Test
  void contextOverridesDefaultsFromCdkJsonNumbersOrCommandLineStrings() {
    App app = new App(AppProps.builder().context(Map.of(
        "place:cooldownSeconds", "60", "place:fanoutIntervalMs", 250, "place:canvasWidth", 1000,
        "place:availabilityZones", "eu-west-1b,eu-west-1c")).build());

    StackSettings s = StackSettings.fromContext(app.getNode(), "eu-west-1");

    assertThat(s.cooldownSeconds()).isEqualTo(60);
    assertThat(s.fanoutIntervalMs()).isEqualTo(250);
    assertThat(s.canvasWidth()).isEqualTo(1000);
    assertThat(s.canvasHeight()).isEqualTo(2000);
    assertThat(s.availabilityZones()).containsExactly("eu-west-1b", "eu-west-1c");
  }

  @Test
  void rejectsSettingsTheStackCannotHonour() {
    assertThatThrownBy(() -> new StackSettings(2000, 2000, 300, 100, 3, 2, 500, 2, 1, "cache.r7g.large", 1,
        List.of("a", "b"))).hasMessageContaining("fanoutMinTasks");
    assertThatThrownBy(() -> new StackSettings(2000, 2000, 300, 100, 1, 2, 500, 2, 1, "cache.r7g.large", 1,
        List.of("a"))).hasMessageContaining("two availability zones");
  }
}
