package dev.place.local.apigw;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IntegrationResponseTest {

  @Test
  void proxyResponseGivesStatusHeadersAndBody() {
    IntegrationResponse response = IntegrationResponse.parse(
        "{\"statusCode\":200,\"headers\":{\"Sec-WebSocket-Protocol\":\"place.v1\"},"
            + "\"multiValueHeaders\":{\"X-Multi\":[\"a\",\"b\"]},\"body\":\"hi\"}");
    assertThat(response.isSuccess()).isTrue();
    assertThat(response.headers()).containsExactly(Map.entry("Sec-WebSocket-Protocol", "place.v1"),
        Map.entry("X-Multi", "a"), Map.entry("X-Multi", "b"));
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("hi");
    assertThat(response.binary()).isFalse();
  }

  @Test
  void nonSuccessStatusIsKept() {
    assertThat(IntegrationResponse.parse("{\"statusCode\":401}").statusCode()).isEqualTo(401);
    assertThat(IntegrationResponse.parse("{\"statusCode\":\"403\"}").statusCode()).isEqualTo(403);
  }

  @Test
  void statusZeroOfAnUnsetJavaResponseIsAMalformedResponse() {
    IntegrationResponse response = IntegrationResponse.parse("{\"statusCode\":0,\"isBase64Encoded\":false}");
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.isSuccess()).isFalse();
  }

  @Test
  void base64BodyIsDecodedAndMarkedBinary() {
    IntegrationResponse response = IntegrationResponse.parse("{\"statusCode\":200,\"body\":\"AAH/\",\"isBase64Encoded\":true}");
    assertThat(response.body()).containsExactly(0, 1, 255);
    assertThat(response.binary()).isTrue();
  }

  @Test
  void outputThatIsNotAProxyResponseIsA200WithTheOutputAsBody() {
    assertThat(new String(IntegrationResponse.parse("\"plain\"").body(), StandardCharsets.UTF_8)).isEqualTo("plain");
    assertThat(new String(IntegrationResponse.parse("[1,2]").body(), StandardCharsets.UTF_8)).isEqualTo("[1,2]");
    assertThat(IntegrationResponse.parse("null").body()).isNull();
    assertThat(IntegrationResponse.parse("null").statusCode()).isEqualTo(200);
    assertThat(IntegrationResponse.parse("{\"no\":\"status\"}").statusCode()).isEqualTo(200);
  }

  @Test
  void errorFramesUseApiGatewaysOwnText() {
    assertThat(ErrorFrames.internalServerError("c", "r"))
        .isEqualTo("{\"message\": \"Internal server error\", \"connectionId\":\"c\", \"requestId\":\"r\"}");
    assertThat(ErrorFrames.forbidden("c", "r"))
        .isEqualTo("{\"message\": \"Forbidden\", \"connectionId\":\"c\", \"requestId\":\"r\"}");
  }
}
