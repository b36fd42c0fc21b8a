package dev.place.local.bench;

import dev.place.shared.canvas.TileId;
import dev.place.shared.delivery.BinaryBatchCodec;
import dev.place.shared.delivery.TileRun;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's floor: a WebSocket broadcast server with no logic. It answers {@code hello} and
 * {@code place} (assigning tile sequence numbers in memory, no store, no log, no registry, no
 * per-connection state), and every interval encodes the interval's placements once, with the
 * production {@link BinaryBatchCodec} so the frame has the edge's size, and writes that one frame
 * to every watcher. Placements come from the load client's placers on the same schedule as in the
 * other modes, so latency is measured the same way; what the edge costs above this is its overhead.
 *
 * <p>{@code BroadcastBaseline PORT [intervalMs] [width height tileSize]}; stops when stdin closes.
 */
public final class BroadcastBaseline {

  private final int width;
  private final int height;
  private final int tileSize;
  private final int tilesX;
  private final long[] sequences;
  private final BinaryBatchCodec codec;
  private final ChannelGroup watchers = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private List<int[]> pending = new ArrayList<>(); // {tile index, seq, pixel}

  BroadcastBaseline(int width, int height, int tileSize) {
    this.width = width;
    this.height = height;
    this.tileSize = tileSize;
    this.tilesX = (width + tileSize - 1) / tileSize;
    this.sequences = new long[tilesX * ((height + tileSize - 1) / tileSize)];
    this.codec = new BinaryBatchCodec(tileSize);
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int intervalMs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    BroadcastBaseline server = args.length > 4
        ? new BroadcastBaseline(Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]))
        : new BroadcastBaseline(2000, 2000, 256);
    EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("baseline-accept"));
    EventLoopGroup workers = new NioEventLoopGroup(Runtime.getRuntime().availableProcessors(),
        new DefaultThreadFactory("baseline"));
    Channel listening = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
        .option(io.netty.channel.ChannelOption.SO_BACKLOG, 4096)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath("/").checkStartsWith(true).maxFramePayloadLength(1 << 16).build()),
                server.new Requests());
          }
        })
        .bind("127.0.0.1", port).sync().channel();
    workers.next().scheduleAtFixedRate(server::broadcast, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    System.out.println("BENCH-READY ws=ws://127.0.0.1:" + port + "/");
    System.out.flush();
    // The benchmark owns this process: it ends when the benchmark closes our stdin (or dies).
    while (System.in.read() >= 0) {
      // discard
    }
    listening.close().sync();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    System.exit(0);
  }

  /** One frame (or more, past 120 KB) for the interval's placements, written to every watcher. */
  private void broadcast() {
    List<int[]> batch;
    synchronized (this) {
      if (pending.isEmpty()) {
        return;
      }
      batch = pending;
      pending = new ArrayList<>(batch.size());
    }
    // Stable: within a tile, arrival order is sequence order (both taken under the same lock).
    batch.sort(java.util.Comparator.comparingInt(p -> p[0]));
    List<TileRun> runs = new ArrayList<>();
    int i = 0;
    while (i < batch.size()) {
      // Consecutive sequences of one tile form one run, as the fanout builds them.
      int j = i + 1;
      while (j < batch.size() && batch.get(j)[0] == batch.get(i)[0] && batch.get(j)[1] == batch.get(j - 1)[1] + 1) {
        j++;
      }
      int[] pixels = new int[j - i];
      for (int k = i; k < j; k++) {
        pixels[k - i] = batch.get(k)[2];
      }
      int tile = batch.get(i)[0];
      runs.add(TileRun.sequence(new TileId(tile % tilesX, tile / tilesX), batch.get(i)[1], pixels));
      i = j;
    }
    for (byte[] message : codec.encode(runs, 120_000)) {
      watchers.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message)));
    }
  }

  private final class Requests extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      String text = frame.text();
      if (text.contains("\"place\"")) {
        // Placers never watch: the edge's placers are API Gateway connections outside its audience too.
        watchers.remove(ctx.channel());
        int x = number(text, "\"x\":");
        int y = number(text, "\"y\":");
        int colour = number(text, "\"color\":");
        int tx = x / tileSize;
        int ty = y / tileSize;
        int tile = ty * tilesX + tx;
        int pixel = TileRun.pixel((y % tileSize) * tileSize + x % tileSize, colour);
        long seq;
        synchronized (BroadcastBaseline.this) {
          seq = ++sequences[tile];
          pending.add(new int[] {tile, (int) seq, pixel});
        }
        ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"placed\",\"x\":" + x + ",\"y\":" + y + ",\"color\":" + colour
            + ",\"tile\":\"" + tx + ":" + ty + "\",\"seq\":" + seq + "}"));
      } else if (text.contains("\"hello\"")) {
        watchers.add(ctx.channel());
        ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"hello\",\"width\":" + width + ",\"height\":" + height
            + ",\"tileSize\":" + tileSize + ",\"encoding\":\"binary\"}"));
      } else {
        ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"pong\",\"serverTime\":" + System.currentTimeMillis() + "}"));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static int number(String text, String field) {
    int at = text.indexOf(field);
    if (at < 0) {
      throw new IllegalArgumentException("no " + field + " in " + text);
    }
    int i = at + field.length();
    int end = i;
    while (end < text.length() && Character.isDigit(text.charAt(end))) {
      end++;
    }
    return Integer.parseInt(text, i, end, 10);
  }

}
