package dev.place.shared.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientMessageParserTest {

  private final ClientMessageParser parser = new ClientMessageParser(1024);

  @Test
  void parsesAPlacement() throws ProtocolException {
    assertThat(parser.parse("{\"action\":\"place\",\"x\":10,\"y\":20,\"color\":5}"))
        .isEqualTo(new ClientMessage.Place(10, 20, 5));
  }

  @Test
  void fieldOrderAndUnknownFieldsDoNotMatter() throws ProtocolException {
    assertThat(parser.parse("{\"color\":0,\"nonce\":{\"a\":[1]},\"y\":1,\"x\":2,\"action\":\"place\"}"))
        .isEqualTo(new ClientMessage.Place(2, 1, 0));
  }

  @Test
  void parsesHelloPingAndUnknownActions() throws ProtocolException {
    assertThat(parser.parse("{\"action\":\"hello\"}")).isInstanceOf(ClientMessage.Hello.class);
    assertThat(parser.parse("{\"action\":\"ping\"}")).isInstanceOf(ClientMessage.Ping.class);
    assertThat(parser.parse("{\"action\":\"dance\"}")).isEqualTo(new ClientMessage.Unknown("dance"));
    assertThat(parser.parse("{}")).isEqualTo(new ClientMessage.Unknown(""));
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
