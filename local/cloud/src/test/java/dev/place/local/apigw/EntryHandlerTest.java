package dev.place.local.apigw;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EntryHandlerTest {

  @Test
  void pathSegmentsArePercentDecodedTheWaySdksEncodeThem() {
    assertThat(EntryHandler.segments("/prod/%40connections/R0oXAdfD0kwCH6w%3D"))
        .containsExactly("prod", "@connections", "R0oXAdfD0kwCH6w=");
  }

  @Test
  void plusInAPathIsAPlusNotASpace() {
    assertThat(EntryHandler.segments("/@connections/ab+cd%2Bef=")).containsExactly("@connections", "ab+cd+ef=");
  }

  @Test
  void emptySegmentsAreIgnored() {
    assertThat(EntryHandler.segments("//local/")).containsExactly("local");
  }
}
