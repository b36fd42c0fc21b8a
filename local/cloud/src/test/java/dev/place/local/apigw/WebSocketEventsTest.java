package dev.place.local.apigw;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Event shapes checked against the captured AWS events quoted in the emulation reference. */
class WebSocketEventsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long CONNECTED_AT = 1731332735513L;
  private static final long NOW = 1731333109875L;

  private final WebSocketEvents events = new WebSocketEvents("asasasas", "prod", "asasasas.execute-api.us-east-1.amazonaws.com");
  private final ClientIdentity client = new ClientIdentity("BFaT_fALIAMCKug=", CONNECTED_AT, "166.90.225.1", null);

  @Test
  void connectEventHasHandshakeHeadersForwardingHeadersAndConnectContext() throws Exception {
    HttpHeaders headers = new DefaultHttpHeaders()
        .add("Host", "fjnq7njcv2.execute-api.us-east-1.amazonaws.com")
        .add("Sec-WebSocket-Key", "+W5xw47OHh3OTFsWKjGu9Q==")
        .add("Sec-WebSocket-Version", "13");
    JsonNode event = JSON.readTree(events.connect(client, headers, 443, null, Map.of(), "BFHPhFe3IAMF95g=", NOW));

    assertThat(fieldNames(event)).containsExactly("headers", "multiValueHeaders", "requestContext", "isBase64Encoded");
    assertThat(event.get("headers").get("Sec-WebSocket-Key").asText()).isEqualTo("+W5xw47OHh3OTFsWKjGu9Q==");
    assertThat(event.get("headers").get("X-Forwarded-For").asText()).isEqualTo("166.90.225.1");
    assertThat(event.get("headers").get("X-Forwarded-Port").asText()).isEqualTo("443");
    assertThat(event.get("headers").get("X-Amzn-Trace-Id").asText()).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}");
    assertThat(event.get("multiValueHeaders").get("Sec-WebSocket-Version").toString()).isEqualTo("[\"13\"]");
    JsonNode context = event.get("requestContext");
    assertThat(fieldNames(context)).containsExactly("routeKey", "eventType", "extendedRequestId", "requestTime",
        "messageDirection", "stage", "connectedAt", "requestTimeEpoch", "identity", "requestId", "domainName",
        "connectionId", "apiId");
    assertThat(context.get("routeKey").asText()).isEqualTo("$connect");
    assertThat(context.get("eventType").asText()).isEqualTo("CONNECT");
    assertThat(context.get("requestTime").asText()).isEqualTo("11/Nov/2024:13:51:49 +0000");
    assertThat(context.get("messageDirection").asText()).isEqualTo("IN");
    assertThat(context.get("requestId").asText()).isEqualTo("BFHPhFe3IAMF95g=");
    assertThat(context.get("extendedRequestId").asText()).isEqualTo("BFHPhFe3IAMF95g=");
    assertThat(context.get("identity").toString()).isEqualTo("{\"sourceIp\":\"166.90.225.1\"}");
    assertThat(event.has("queryStringParameters")).isFalse();
  }

  @Test
  void connectEventHasQueryParametersOnlyWhenAQueryStringWasSent() throws Exception {
    Map<String, List<String>> query = new LinkedHashMap<>();
    query.put("token", List.of("a", "b"));
    JsonNode event = JSON.readTree(events.connect(client, new DefaultHttpHeaders(), 443, "token=a&token=b", query, "r", NOW));
    assertThat(event.get("queryStringParameters").toString()).isEqualTo("{\"token\":\"b\"}");
    assertThat(event.get("multiValueQueryStringParameters").toString()).isEqualTo("{\"token\":[\"a\",\"b\"]}");
  }

  @Test
  void messageEventHasBodyMessageIdAndTheConnectionsConnectedAt() throws Exception {
    JsonNode event = JSON.readTree(events.message(client, "chat", "{\"action\":\"chat\"}", false,
        "BFaVtfGSIAMCKug=", "BFaVtH2HoAMFZEQ=", NOW));
    assertThat(fieldNames(event)).containsExactly("requestContext", "body", "isBase64Encoded");
    JsonNode context = event.get("requestContext");
    assertThat(context.get("routeKey").asText()).isEqualTo("chat");
    assertThat(context.get("messageId").asText()).isEqualTo("BFaVtfGSIAMCKug=");
    assertThat(context.get("eventType").asText()).isEqualTo("MESSAGE");
    assertThat(context.get("connectedAt").asLong()).isEqualTo(CONNECTED_AT);
    assertThat(context.get("requestTimeEpoch").asLong()).isEqualTo(NOW);
    assertThat(event.get("body").asText()).isEqualTo("{\"action\":\"chat\"}");
    assertThat(event.has("headers")).isFalse();
  }

  @Test
  void disconnectEventHasTheFixedHeadersAndTheCloseStatus() throws Exception {
    JsonNode event = JSON.readTree(events.disconnect(client, 1005, "Client-side close frame status not set",
        "BFbOeE87IAMF31w=", NOW));
    assertThat(event.get("headers").toString()).isEqualTo("{\"Host\":\"asasasas.execute-api.us-east-1.amazonaws.com\","
        + "\"x-api-key\":\"\",\"X-Forwarded-For\":\"\",\"x-restapi\":\"\"}");
    assertThat(event.get("multiValueHeaders").get("x-restapi").toString()).isEqualTo("[\"\"]");
    JsonNode context = event.get("requestContext");
    assertThat(context.get("routeKey").asText()).isEqualTo("$disconnect");
    assertThat(context.get("eventType").asText()).isEqualTo("DISCONNECT");
    assertThat(context.get("disconnectStatusCode").asInt()).isEqualTo(1005);
    assertThat(context.get("disconnectReason").asText()).isEqualTo("Client-side close frame status not set");
    assertThat(context.get("connectedAt").asLong()).isEqualTo(CONNECTED_AT);
  }

  @Test
  void userAgentFromTheHandshakeIsPartOfTheIdentity() throws Exception {
    ClientIdentity browser = new ClientIdentity("BFaT_fALIAMCKug=", CONNECTED_AT, "10.0.0.1", "Mozilla/5.0");
    JsonNode event = JSON.readTree(events.message(browser, "$default", "x", false, "m", "r", NOW));
    assertThat(event.get("requestContext").get("identity").get("userAgent").asText()).isEqualTo("Mozilla/5.0");
  }

  @Test
  void eventsDeserialiseIntoTheJavaEventModelTheWayTheRuntimeReadsThem() {
    String json = events.message(client, "chat", "AAEC", true, "BFaVtfGSIAMCKug=", "BFaVtH2HoAMFZEQ=", NOW);
    APIGatewayV2WebSocketEvent event = JacksonFactory.getInstance()
        .getSerializer(APIGatewayV2WebSocketEvent.class).fromJson(json);
    assertThat(event.getBody()).isEqualTo("AAEC");
    assertThat(event.isIsBase64Encoded()).isTrue();
    APIGatewayV2WebSocketEvent.RequestContext context = event.getRequestContext();
    assertThat(context.getRouteKey()).isEqualTo("chat");
    assertThat(context.getEventType()).isEqualTo("MESSAGE");
    assertThat(context.getConnectionId()).isEqualTo("BFaT_fALIAMCKug=");
    assertThat(context.getConnectedAt()).isEqualTo(CONNECTED_AT);
    assertThat(context.getRequestTimeEpoch()).isEqualTo(NOW);
    assertThat(context.getMessageId()).isEqualTo("BFaVtfGSIAMCKug=");
    assertThat(context.getDomainName()).isEqualTo("asasasas.execute-api.us-east-1.amazonaws.com");
    assertThat(context.getIdentity().getSourceIp()).isEqualTo("166.90.225.1");

    APIGatewayV2WebSocketEvent disconnect = JacksonFactory.getInstance().getSerializer(APIGatewayV2WebSocketEvent.class)
        .fromJson(events.disconnect(client, 1001, "Going away", "r", NOW));
    assertThat(disconnect.getHeaders()).containsEntry("Host", "asasasas.execute-api.us-east-1.amazonaws.com");
    assertThat(disconnect.getRequestContext().getRouteKey()).isEqualTo("$disconnect");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
