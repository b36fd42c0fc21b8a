package dev.place.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Event shape checked against the format 2.0 example of the HTTP API documentation. */
class HttpApiEventsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long NOW = 1583348638390L;

  private final HttpApiEvents events = new HttpApiEvents("123456789012", "api-id", "id.execute-api.us-east-1.amazonaws.com");

  @Test
  void headersAreLowerCasedAndRepeatedOnesJoinedWithCommas() throws Exception {
    JsonNode event = event(request("GET", "/my/path", null, List.of(
        Map.entry("Header1", "value1"), Map.entry("Header2", "value1"), Map.entry("header2", "value2")), null));
    assertThat(event.get("headers").get("header1").asText()).isEqualTo("value1");
    assertThat(event.get("headers").get("header2").asText()).isEqualTo("value1,value2");
    assertThat(event.get("headers").has("Header1")).isFalse();
  }

  @Test
  void cookiesMoveFromTheCookieHeaderIntoTheCookiesList() throws Exception {
    JsonNode event = event(request("GET", "/", null, List.of(Map.entry("Cookie", "cookie1=a; cookie2=b")), null));
    assertThat(event.get("cookies").toString()).isEqualTo("[\"cookie1=a\",\"cookie2=b\"]");
    assertThat(event.get("headers").has("cookie")).isFalse();
  }

  @Test
  void queryStringIsKeptRawAndRepeatedParametersAreJoinedWithCommas() throws Exception {
    JsonNode event = event(request("GET", "/my/path", "parameter1=value1&parameter1=value2&parameter2=a%20b",
        List.of(), null));
    assertThat(event.get("rawQueryString").asText()).isEqualTo("parameter1=value1&parameter1=value2&parameter2=a%20b");
    assertThat(event.get("queryStringParameters").toString())
        .isEqualTo("{\"parameter1\":\"value1,value2\",\"parameter2\":\"a b\"}");
  }

  @Test
  void requestWithoutQueryOrBodyHasNeither() throws Exception {
    JsonNode event = event(request("GET", "/my/path", null, List.of(), null));
    assertThat(event.get("rawQueryString").asText()).isEmpty();
    assertThat(event.has("queryStringParameters")).isFalse();
    assertThat(event.has("body")).isFalse();
    assertThat(event.has("cookies")).isFalse();
    assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();
  }

  @Test
  void requestContextDescribesTheCallAndTheDefaultStage() throws Exception {
    JsonNode event = event(request("POST", "/my/path", null, List.of(Map.entry("User-Agent", "agent")), null));
    assertThat(event.get("version").asText()).isEqualTo("2.0");
    assertThat(event.get("routeKey").asText()).isEqualTo("POST /my/path");
    JsonNode context = event.get("requestContext");
    assertThat(context.get("accountId").asText()).isEqualTo("123456789012");
    assertThat(context.get("apiId").asText()).isEqualTo("api-id");
    assertThat(context.get("domainPrefix").asText()).isEqualTo("id");
    assertThat(context.get("http").toString()).isEqualTo("{\"method\":\"POST\",\"path\":\"/my/path\","
        + "\"protocol\":\"HTTP/1.1\",\"sourceIp\":\"192.0.2.1\",\"userAgent\":\"agent\"}");
    assertThat(context.get("stage").asText()).isEqualTo("$default");
    assertThat(context.get("time").asText()).isEqualTo("04/Mar/2020:19:03:58 +0000");
    assertThat(context.get("timeEpoch").asLong()).isEqualTo(NOW);
  }

  @Test
  void textualBodiesArePassedAsTextAndOthersBase64Encoded() throws Exception {
    JsonNode json = event(request("POST", "/", null, List.of(Map.entry("Content-Type", "application/json; charset=utf-8")),
        "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    assertThat(json.get("body").asText()).isEqualTo("{\"a\":1}");
    assertThat(json.get("isBase64Encoded").asBoolean()).isFalse();
    JsonNode form = event(request("POST", "/", null, List.of(Map.entry("Content-Type", "application/x-www-form-urlencoded")),
        "a=1".getBytes(StandardCharsets.UTF_8)));
    assertThat(form.get("body").asText()).isEqualTo("YT0x");
    assertThat(form.get("isBase64Encoded").asBoolean()).isTrue();
  }

  @Test
  void eventDeserialisesIntoTheJavaEventModelTheWayTheRuntimeReadsIt() {
    String json = events.event(request("PUT", "/pixels/1/2", "c=red", List.of(Map.entry("Cookie", "s=1")),
        "AAA".getBytes(StandardCharsets.UTF_8)), "PUT /pixels/{x}/{y}", Map.of("x", "1", "y", "2"), "JKJaXmPLvHcESHA=", NOW);
    APIGatewayV2HTTPEvent event = JacksonFactory.getInstance().getSerializer(APIGatewayV2HTTPEvent.class).fromJson(json);
    assertThat(event.getRouteKey()).isEqualTo("PUT /pixels/{x}/{y}");
    assertThat(event.getPathParameters()).containsEntry("x", "1").containsEntry("y", "2");
    assertThat(event.getQueryStringParameters()).containsEntry("c", "red");
    assertThat(event.getCookies()).containsExactly("s=1");
    assertThat(event.getIsBase64Encoded()).isTrue();
    assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("PUT");
    assertThat(event.getRequestContext().getRequestId()).isEqualTo("JKJaXmPLvHcESHA=");
    assertThat(event.getRequestContext().getTimeEpoch()).isEqualTo(NOW);
  }

  private JsonNode event(HttpApiEvents.Request request) throws Exception {
    String routeKey = request.method() + " " + request.rawPath();
    return JSON.readTree(events.event(request, routeKey, Map.of(), "id", NOW));
  }

  private static HttpApiEvents.Request request(String method, String path, String query,
      List<Map.Entry<String, String>> headers, byte[] body) {
    return new HttpApiEvents.Request(method, path, query, "HTTP/1.1", headers, body, "192.0.2.1", 443);
  }
}
