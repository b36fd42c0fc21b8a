package dev.place.fanout.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileId;
import dev.place.shared.delivery.BinaryBatchCodec;
import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.Subscription;
import dev.place.shared.delivery.TileRun;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BatchWriterTest {

  private static final int TILE = 256;
  private static final TileId T00 = new TileId(0, 0);
  private static final TileId T10 = new TileId(1, 0);

  private final AtomicLong now = new AtomicLong(1_000);
  private final EdgeCounters counters = new EdgeCounters();
  private final ServerFrames frames = new ServerFrames(TILE, EdgeSettings.DEFAULT_MAX_BATCH_BYTES);
  private final BatchWriter writer = new BatchWriter(frames, counters, now::get);
  private final BinaryBatchCodec codec = new BinaryBatchCodec(TILE);

  @Test
  void aSocketThatCouldNotTakeTwoIntervalsGetsOneCoalescedMessageWhenItCanAgain() {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
    EdgeConnection connection = binaryConnection(channel);
    LoopConnections loop = loopOf(channel);
    loop.add(connection);
    channel.pipeline().addLast(new FrameHandler(connection, loop, null, writer, now::get));
    channel.write(Unpooled.buffer().writeZero(64)); // a slow client's unsent bytes fill the socket
    assertThat(channel.isWritable()).isFalse();

    // An EmbeddedChannel's flush always empties the buffer, so the intervals are written unflushed.
    writer.deliver(connection, interval(TileRun.sequence(T00, 1, TileRun.pixel(5, 1), TileRun.pixel(6, 2))));
    now.addAndGet(250);
    writer.deliver(connection, interval(TileRun.sequence(T00, 3, TileRun.pixel(5, 7)), TileRun.sequence(T10, 1, TileRun.pixel(9, 3))));
    assertThat(connection.hasBacklog()).isTrue();
    now.addAndGet(50);

    channel.flush(); // the client reads again
    channel.runPendingTasks();

    ByteBuf filler = channel.readOutbound();
    assertThat(filler.readableBytes()).isEqualTo(64);
    filler.release();
    List<WebSocketFrame> got = EdgeTesting.serverFrames(channel);
    assertThat(got).hasSize(1).first().isInstanceOf(BinaryWebSocketFrame.class);
    assertThat(codec.decode(EdgeTesting.bytes(got.get(0)))).containsExactly(
        TileRun.coalesced(T00, 1, 3, TileRun.pixel(5, 7), TileRun.pixel(6, 2)),
        TileRun.sequence(T10, 1, TileRun.pixel(9, 3)));
    assertThat(connection.hasBacklog()).isFalse();
    assertThat(counters.coalescedRuns.sum()).isEqualTo(1);
    assertThat(counters.maxDrainedLagMillis.get()).isEqualTo(300);
  }

  @Test
  void aBacklogGoesOutBeforeTheNextIntervalSoATileNeverMovesBackwards() {
    EmbeddedChannel channel = new EmbeddedChannel();
    EdgeConnection connection = binaryConnection(channel);
    connection.backlog(now.get()).add(List.of(TileRun.sequence(T00, 1, TileRun.pixel(1, 1))));
    LoopConnections loop = loopOf(channel);
    loop.add(connection);

    loop.deliver(interval(TileRun.sequence(T00, 2, TileRun.pixel(1, 2))));

    List<WebSocketFrame> got = EdgeTesting.serverFrames(channel);
    assertThat(got).hasSize(1);
    assertThat(codec.decode(EdgeTesting.bytes(got.get(0))))
        .containsExactly(TileRun.coalesced(T00, 1, 2, TileRun.pixel(1, 2)));
  }

  @Test
  void connectionsWithTheSamePreferencesShareOneEncodedFrameAndOthersGetTheirOwn() {
    EmbeddedChannel binaryA = new EmbeddedChannel();
    EmbeddedChannel binaryB = new EmbeddedChannel();
    EmbeddedChannel json = new EmbeddedChannel();
    EmbeddedChannel subscribed = new EmbeddedChannel();
    LoopConnections loop = loopOf(binaryA);
    loop.add(binaryConnection(binaryA));
    loop.add(binaryConnection(binaryB));
    loop.add(new EdgeConnection(json, "j", "u", "127.0.0.1", now.get()));
    EdgeConnection viewer = binaryConnection(subscribed);
    viewer.subscribe(new Subscription(1, 0, 1, 0));
    loop.add(viewer);
    TileRun left = TileRun.sequence(T00, 4, TileRun.pixel(3, 3));
    TileRun right = TileRun.sequence(T10, 8, TileRun.pixel(2, 9));
    Interval interval = interval(left, right);

    loop.deliver(interval);

    assertThat(interval.encodings()).as("binary;all, json;all, binary;1,0,1,0").isEqualTo(3);
    ByteBuf a = binaryA.readOutbound();
    ByteBuf b = binaryB.readOutbound();
    assertThat(root(a)).as("the same bytes, not a copy").isSameAs(root(b));
    assertThat(codec.decode(io.netty.buffer.ByteBufUtil.getBytes(a, 2, a.readableBytes() - 2)))
        .containsExactly(left, right);
    List<WebSocketFrame> jsonFrames = EdgeTesting.serverFrames(json);
    assertThat(jsonFrames).singleElement().isInstanceOf(TextWebSocketFrame.class);
    assertThat(((TextWebSocketFrame) jsonFrames.get(0)).text()).isEqualTo(
        "{\"type\":\"batch\",\"tiles\":[{\"tile\":\"0:0\",\"seq\":[4],\"px\":[3,0,3]},{\"tile\":\"1:0\",\"seq\":[8],\"px\":[258,0,9]}]}");
    assertThat(codec.decode(EdgeTesting.bytes(EdgeTesting.serverFrames(subscribed).get(0)))).containsExactly(right);
    a.release();
    b.release();
  }

  @Test
  void aSubscriptionWithNothingInTheIntervalGetsNoFrame() {
    EmbeddedChannel channel = new EmbeddedChannel();
    EdgeConnection viewer = binaryConnection(channel);
    viewer.subscribe(new Subscription(5, 5, 6, 6));
    LoopConnections loop = loopOf(channel);
    loop.add(viewer);

    loop.deliver(interval(TileRun.sequence(T00, 1, TileRun.pixel(0, 1))));

    assertThat((Object) channel.readOutbound()).isNull();
  }

  private EdgeConnection binaryConnection(EmbeddedChannel channel) {
    EdgeConnection connection = new EdgeConnection(channel, "id-" + channel.id(), "u", "127.0.0.1", now.get());
    connection.setEncoding(Encoding.BINARY);
    return connection;
  }

  private LoopConnections loopOf(EmbeddedChannel channel) {
    return new LoopConnections(channel.eventLoop(), writer, counters, now::get, 30_000, 600_000);
  }

  private Interval interval(TileRun... runs) {
    return new Interval(List.of(runs), frames, ByteBufAllocator.DEFAULT, 1);
  }

  /** The buffer that holds the memory: duplicates of duplicates are new wrapper objects each time. */
  private static ByteBuf root(ByteBuf buffer) {
    ByteBuf current = buffer;
    while (current.unwrap() != null) {
      current = current.unwrap();
    }
    return current;
  }
}
