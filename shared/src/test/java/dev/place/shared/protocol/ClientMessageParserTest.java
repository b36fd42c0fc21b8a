package dev.place.shared.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientMessageParserTest {

  private final ClientMessageParser parser = new ClientMessageParser(1024);

  @Test
  void parsesAPlacement() throws ProtocolException {
    assertThat(parser.parse("{\"action\":\"place\",\"x\":10,\"y\":20,\"color\":5}"))
        .isEqualTo(new ClientMessage.Place(10, 20, 5, null));
  }

  @Test
  void fieldOrderAndUnknownFieldsDoNotMatter() throws ProtocolException {
    assertThat(parser.parse("{\"color\":0,\"nonce\":{\"a\":[1]},\"y\":1,\"x\":2,\"action\":\"place\"}"))
        .isEqualTo(new ClientMessage.Place(2, 1, 0, null));
  }

  @Test
  void parsesHelloPingAndUnknownActions() throws ProtocolException {
    assertThat(parser.parse("{\"action\":\"hello\"}")).isInstanceOf(ClientMessage.Hello.class);
    assertThat(parser.parse("{\"action\":\"ping\"}")).isInstanceOf(ClientMessage.Ping.class);
    assertThat(parser.parse("{\"action\":\"dance\"}")).isEqualTo(new ClientMessage.Unknown("dance", null));
    assertThat(parser.parse("{}")).isEqualTo(new ClientMessage.Unknown("", null));
  }

  @Test
  void anActionThatIsNotAStringIsAnUnknownActionNotBrokenJson() throws ProtocolException {
    assertThat(parser.parse("{\"action\":{\"a\":1}}")).isEqualTo(new ClientMessage.Unknown("", null));
    assertThat(parser.parse("{\"action\":[\"place\"],\"id\":\"r1\"}")).isEqualTo(new ClientMessage.Unknown("", "\"r1\""));
  }

  @Test
  void helloMayAskForBinaryBatchesAndNothingElse() throws ProtocolException {
    assertThat(parser.parse("{\"action\":\"hello\",\"encoding\":\"binary\"}"))
        .isEqualTo(new ClientMessage.Hello(Encoding.BINARY, null));
    assertThat(parser.parse("{\"action\":\"hello\"}")).isEqualTo(new ClientMessage.Hello(Encoding.JSON, null));
    assertThatThrownBy(() -> parser.parse("{\"action\":\"hello\",\"encoding\":\"xml\"}"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
  }

  @Test
  void subscribeTakesATileRectangleAllOrNone() throws ProtocolException {
    assertThat(parser.parse("{\"action\":\"subscribe\",\"area\":[0,1,3,2]}"))
        .isEqualTo(new ClientMessage.Subscribe(new Subscription(0, 1, 3, 2), null));
    assertThat(parser.parse("{\"action\":\"subscribe\",\"area\":\"all\"}"))
        .isEqualTo(new ClientMessage.Subscribe(Subscription.ALL, null));
    assertThat(parser.parse("{\"action\":\"subscribe\",\"area\":\"none\"}"))
        .isEqualTo(new ClientMessage.Subscribe(Subscription.NONE, null));
  }

  @Test
  void noneWantsNoTileAndSurvivesTheRegistrysTextForm() {
    assertThat(Subscription.NONE.wants(new dev.place.shared.canvas.TileId(0, 0))).isFalse();
    assertThat(Subscription.NONE.wants(new dev.place.shared.canvas.TileId(15, 15))).isFalse();
    assertThat(Subscription.parse(Subscription.NONE.text())).isEqualTo(Subscription.NONE);
    assertThat(dev.place.shared.protocol.ServerMessages.subscribed(Subscription.NONE))
        .isEqualTo("{\"type\":\"subscribed\",\"area\":\"none\"}");
  }

  @ParameterizedTest(name = "subscribe with area {0} is an invalid field")
  @CsvSource(delimiter = '|', value = {"[0,0,1]", "[0,0,1,1,1]", "[2,0,1,1]", "[-1,0,1,1]", "[0,0,1.5,1]", "\"some\"", "{}", "[0,0,99999999999,1]"})
  void subscribeRejectsAreasThatAreNotTileRectangles(String area) {
    assertThatThrownBy(() -> parser.parse("{\"action\":\"subscribe\",\"id\":\"s\",\"area\":" + area + "}"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
          assertThat(e.requestId()).isEqualTo("\"s\"");
        });
    assertThatThrownBy(() -> parser.parse("{\"action\":\"subscribe\"}")).isInstanceOf(ProtocolException.class);
  }

  @Test
  void anIdIsKeptAsJsonTextSoTheAnswerCanEchoItEvenWithAFieldError() throws ProtocolException {
    assertThat(parser.parse("{\"action\":\"ping\",\"id\":\"a\\\"b\"}").id()).isEqualTo("\"a\\\"b\"");
    assertThat(parser.parse("{\"action\":\"ping\",\"id\":42}").id()).isEqualTo("42");
    assertThatThrownBy(() -> parser.parse("{\"action\":\"place\",\"x\":\"1\",\"y\":2,\"color\":3,\"id\":9}"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.requestId()).isEqualTo("9"));
    assertThatThrownBy(() -> parser.parse("{\"action\":\"ping\",\"id\":\"" + "x".repeat(65) + "\"}"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
    assertThatThrownBy(() -> parser.parse("{\"action\":\"ping\",\"id\":{\"a\":1}}")).isInstanceOf(ProtocolException.class);
  }

  @ParameterizedTest(name = "{0} is answered with {1}")
  @CsvSource(delimiter = '|', value = {
      "not json                                                   | INVALID_JSON",
      "[1,2]                                                      | INVALID_JSON",
      "'{\"action\":\"place\",\"x\":1,\"y\":2,\"color\":3} {}'    | INVALID_JSON",
      "'{\"action\":\"place\",\"x\":1'                            | INVALID_JSON",
      "'{\"action\":\"place\",\"x\":1.5,\"y\":2,\"color\":3}'     | INVALID_FIELD",
      "'{\"action\":\"place\",\"x\":\"1\",\"y\":2,\"color\":3}'   | INVALID_FIELD",
      "'{\"action\":\"place\",\"x\":1,\"y\":2}'                   | INVALID_FIELD",
      "'{\"action\":\"place\",\"x\":99999999999,\"y\":2,\"color\":3}' | INVALID_FIELD",
      "'{\"action\":\"place\",\"x\":null,\"y\":2,\"color\":3}'    | INVALID_FIELD",
  })
  void rejectsMalformedMessagesWithTheDocumentedCode(String body, ErrorCode expected) {
    assertThatThrownBy(() -> parser.parse(body))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(expected))
        .hasMessageNotContaining("Exception");
  }

  @Test
  void rejectsEmptyMessages() {
    assertThatThrownBy(() -> parser.parse("")).isInstanceOfSatisfying(ProtocolException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON));
    assertThatThrownBy(() -> parser.parse(null)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void rejectsMessagesOverTheSizeLimitCountingUtf8Bytes() {
    String padded = "{\"action\":\"ping\",\"pad\":\"" + "x".repeat(1000) + "\"}";
    assertThatThrownBy(() -> parser.parse(padded)).isInstanceOfSatisfying(ProtocolException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE));
    String multiByte = "{\"action\":\"ping\",\"pad\":\"" + "\u00e9".repeat(500) + "\"}";
    assertThat(multiByte.length()).isLessThan(1024);
    assertThatThrownBy(() -> parser.parse(multiByte)).isInstanceOfSatisfying(ProtocolException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE));
  }
}
