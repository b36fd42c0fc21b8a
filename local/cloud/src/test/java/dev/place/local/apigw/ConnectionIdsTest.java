package dev.place.local.apigw;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionIdsTest {

  @Test
  void idsAreSixteenCharactersOfBase64EndingInOnePaddingCharacterLikeAwsIds() {
    for (int i = 0; i < 1_000; i++) {
      String id = ConnectionIds.next();
      assertThat(id).hasSize(16).matches("[A-Za-z0-9]{15}=");
      assertThat(Base64.getDecoder().decode(id)).hasSize(11);
    }
  }

  @Test
  void idsDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(ConnectionIds.next())).isTrue();
    }
  }

  @Test
  void apiIdsAreTenLowerCaseLettersOrDigits() {
    assertThat(ConnectionIds.apiId()).matches("[a-z0-9]{10}");
  }
}
