package dev.place.fanout.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FrameHandlerTest {

  private static final int MAX_FRAME = 1024;
  private static final int MAX_MESSAGE = 4096;

  private final AtomicLong now = new AtomicLong(1_000);
  private final List<String> asked = new ArrayList<>();
  private final EdgeCounters counters = new EdgeCounters();
  private final BatchWriter writer = new BatchWriter(new ServerFrames(256, 120 * 1024), counters, now::get);
  private EdgeConnection connection;
  private LoopConnections loop;

  @Test
  void textMessagesAreAnsweredInTheOrderTheyCame() {
    EmbeddedChannel channel = open();

    channel.writeInbound(EdgeTesting.clientBytes(new TextWebSocketFrame("{\"action\":\"ping\",\"id\":1}")));
    channel.writeInbound(EdgeTesting.clientBytes(new TextWebSocketFrame("{\"action\":\"ping\",\"id\":2}")));

    assertThat(asked).containsExactly("{\"action\":\"ping\",\"id\":1}", "{\"action\":\"ping\",\"id\":2}");
    assertThat(EdgeTesting.serverFrames(channel)).extracting(f -> ((TextWebSocketFrame) f).text())
        .containsExactly("answer 1", "answer 2");
  }

  @Test
  void aMessageInSeveralFramesIsOneRequest() {
    EmbeddedChannel channel = open();

    channel.writeInbound(EdgeTesting.clientBytes(new TextWebSocketFrame(false, 0, "{\"action\":")));
    channel.writeInbound(EdgeTesting.clientBytes(new ContinuationWebSocketFrame(true, 0, "\"ping\"}")));

    assertThat(asked).containsExactly("{\"action\":\"ping\"}");
  }

  @Test
  void aBinaryFrameClosesWith1003AsApiGatewayDoes() {
    EmbeddedChannel channel = open();

    channel.writeInbound(EdgeTesting.clientBytes(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2}))));

    assertClosedWith(channel, 1003);
  }

  @Test
  void aFrameOverTheFrameLimitClosesWith1009() {
    EmbeddedChannel channel = open();

    channel.writeInbound(EdgeTesting.clientBytes(new TextWebSocketFrame("x".repeat(MAX_FRAME + 1))));

    assertClosedWith(channel, 1009);
  }

  @Test
  void aMessageOverTheMessageLimitClosesWith1009EvenInSmallFrames() {
    EmbeddedChannel channel = open();

    channel.writeInbound(EdgeTesting.clientBytes(new TextWebSocketFrame(false, 0, "x".repeat(MAX_FRAME))));
    for (int i = 0; i < 4 && channel.isOpen(); i++) {
      channel.writeInbound(EdgeTesting.clientBytes(new ContinuationWebSocketFrame(false, 0, "x".repeat(MAX_FRAME))));
    }

    assertClosedWith(channel, 1009);
  }

  @Test
  void aTextFrameThatIsNotUtf8ClosesWith1007() {
    EmbeddedChannel channel = open();

    channel.writeInbound(EdgeTesting.clientBytes(new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {'{', (byte) 0xC3, '('}))));

    assertClosedWith(channel, 1007);
  }

  @Test
  void aPingIsAnsweredAndEveryFrameCountsAsTraffic() {
    EmbeddedChannel channel = open();
    now.set(9_000);

    channel.writeInbound(EdgeTesting.clientBytes(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {7}))));

    List<WebSocketFrame> frames = EdgeTesting.serverFrames(channel);
    assertThat(frames).singleElement().isInstanceOf(PongWebSocketFrame.class);
    assertThat(EdgeTesting.bytes(frames.get(0))).containsExactly(7);
    assertThat(connection.lastReadMillis).isEqualTo(9_000);
  }

  @Test
  void aConnectionSilentForTheIdleTimeoutIsClosedWith1001AndAQuietOneIsPingedFirst() {
    EmbeddedChannel channel = open();

    now.addAndGet(30_000);
    loop.sweep();
    assertThat(EdgeTesting.serverFrames(channel)).singleElement().isInstanceOf(PingWebSocketFrame.class);
    assertThat(channel.isOpen()).isTrue();

    now.addAndGet(570_000);
    loop.sweep();
    assertClosedWith(channel, 1001);
    assertThat(loop.count()).isZero();
  }

  private EmbeddedChannel open() {
    EmbeddedChannel channel = new EmbeddedChannel();
    connection = new EdgeConnection(channel, "c1", "guest-a", "127.0.0.1", now.get());
    loop = new LoopConnections(channel.eventLoop(), writer, counters, now::get, 30_000, 600_000);
    loop.add(connection);
    RequestAnswerer answerer = (c, body) -> {
      asked.add(body);
      return "answer " + asked.size();
    };
    SerialAnswers answers = new SerialAnswers(answerer, Runnable::run, 16);
    WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(MAX_FRAME)
        .allowExtensions(false).closeOnProtocolViolation(true).build();
    channel.pipeline().addLast(new WebSocket13FrameEncoder(false), new WebSocket13FrameDecoder(config),
        new Utf8FrameValidator(true), new WebSocketFrameAggregator(MAX_MESSAGE),
        new FrameHandler(connection, loop, answers, writer, now::get));
    return channel;
  }

  private static void assertClosedWith(EmbeddedChannel channel, int status) {
    channel.runPendingTasks();
    List<WebSocketFrame> frames = EdgeTesting.serverFrames(channel);
    assertThat(frames).last().isInstanceOfSatisfying(CloseWebSocketFrame.class,
        close -> assertThat(close.statusCode()).isEqualTo(status));
    assertThat(channel.isOpen()).isFalse();
  }
}
