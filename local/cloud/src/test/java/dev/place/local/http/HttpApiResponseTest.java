package dev.place.local.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Format 2.0 response mapping rules from the HTTP API Lambda integration documentation. */
class HttpApiResponseTest {

  @Test
  void structuredResponseMapsStatusHeadersMultiValueHeadersCookiesAndBody() {
    HttpApiResponse response = HttpApiResponse.fromLambdaOutput("{\"statusCode\":201,"
        + "\"headers\":{\"content-type\":\"text/plain\",\"x-count\":3},"
        + "\"multiValueHeaders\":{\"x-many\":[\"a\",\"b\"]},"
        + "\"cookies\":[\"a=1\",\"b=2; Secure\"],\"body\":\"created\",\"isBase64Encoded\":false}");
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers()).containsExactly(
        Map.entry("content-type", "text/plain"), Map.entry("x-count", "3"),
        Map.entry("x-many", "a"), Map.entry("x-many", "b"),
        Map.entry("set-cookie", "a=1"), Map.entry("set-cookie", "b=2; Secure"));
    assertThat(text(response)).isEqualTo("created");
  }

  @Test
  void base64BodyIsDecoded() {
    HttpApiResponse response = HttpApiResponse.fromLambdaOutput("{\"statusCode\":200,\"body\":\"iVBO\",\"isBase64Encoded\":true}");
    assertThat(response.body()).containsExactly(0x89, 0x50, 0x4e);
  }

  @Test
  void jsonWithoutStatusCodeIsInferredAs200ApplicationJsonWithTheOutputAsBody() {
    HttpApiResponse object = HttpApiResponse.fromLambdaOutput("{\"message\":\"hi\"}");
    assertThat(object.statusCode()).isEqualTo(200);
    assertThat(object.headers()).containsExactly(Map.entry("content-type", "application/json"));
    assertThat(text(object)).isEqualTo("{\"message\":\"hi\"}");
    assertThat(text(HttpApiResponse.fromLambdaOutput("\"Hello from Lambda!\""))).isEqualTo("Hello from Lambda!");
    assertThat(text(HttpApiResponse.fromLambdaOutput("[1,2]"))).isEqualTo("[1,2]");
    assertThat(text(HttpApiResponse.fromLambdaOutput("null"))).isEmpty();
  }

  @Test
  void malformedOutputIsAnInternalServerError() {
    for (String output : new String[] {"not json", "{\"statusCode\":0}", "{\"statusCode\":\"abc\"}",
        "{\"statusCode\":200,\"body\":\"***\",\"isBase64Encoded\":true}"}) {
      HttpApiResponse response = HttpApiResponse.fromLambdaOutput(output);
      assertThat(response.statusCode()).as(output).isEqualTo(500);
      assertThat(text(response)).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }
  }

  private static String text(HttpApiResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }
}
