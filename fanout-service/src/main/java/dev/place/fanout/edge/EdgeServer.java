package dev.place.fanout.edge;

import dev.place.fanout.BatchSink;

import dev.place.shared.auth.TokenService;
import dev.place.shared.delivery.TileRun;
import dev.place.shared.session.ClientRequests;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The WebSocket edge (docs/architecture.md, Delivery modes): terminates client WebSockets itself and
 * speaks the client protocol of docs/protocol.md on them, so one fanout instance can serve hundreds
 * of thousands of sockets with one encoded batch per interval and group instead of one
 * PostToConnection per connection.
 *
 * <p>{@link #deliver} is called once per fanout interval from one thread; each event loop then writes
 * the shared frames of each connection's group (or adds the runs to the connection's backlog when its
 * socket is full). Requests are answered off the event loops, in order per connection.
 */
public final class EdgeServer implements BatchSink, AutoCloseable {

  private static final int HANDSHAKE_TIMEOUT_SECONDS = 10;
  private static final int MAX_HANDSHAKE_BYTES = 8192;

  private final EdgeSettings settings;
  private final Admission admission;
  private final Clock clock;
  private final LongSupplier millis;
  private final ServerFrames frames;
  private final EdgeCounters counters = new EdgeCounters();
  private final BatchWriter writer;
  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private final RequestAnswerer answerer;
  private final Map<EventExecutor, LoopConnections> loops = new IdentityHashMap<>();
  private EventLoopGroup bossGroup;
  private EventLoopGroup workerGroup;
  private ExecutorService answerPool;
  private Channel listener;
  private volatile boolean closed;

  /**
   * @param requests answers every client message, the same domain code as the API Gateway handlers
   * @param tileSize the canvas's tile size, for the batch codecs
   */
  public EdgeServer(EdgeSettings settings, Admission admission, ClientRequests requests, int tileSize) {
    this(settings, admission, requests::answer, tileSize, Clock.systemUTC());
  }

  /** Admitting session tokens only (tests and tools without Redis). */
  public EdgeServer(EdgeSettings settings, TokenService tokens, ClientRequests requests, int tileSize) {
    this(settings, Admission.tokens(tokens), requests::answer, tileSize, Clock.systemUTC());
  }

  EdgeServer(EdgeSettings settings, TokenService tokens, RequestAnswerer answerer, int tileSize, Clock clock) {
    this(settings, Admission.tokens(tokens), answerer, tileSize, clock);
  }

  EdgeServer(EdgeSettings settings, Admission admission, RequestAnswerer answerer, int tileSize, Clock clock) {
    this.settings = settings;
    this.admission = admission;
    this.answerer = answerer;
    this.clock = clock;
    this.millis = clock::millis;
    this.frames = new ServerFrames(tileSize, settings.maxBatchBytes());
    this.writer = new BatchWriter(frames, counters, millis);
  }

  /** Binds; throws {@link IllegalStateException} naming the address when it cannot (e.g. the port is taken). */
  public synchronized void start() {
    if (listener != null || closed) {
      throw new IllegalStateException("the edge was started already");
    }
    bossGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("edge-accept", true));
    workerGroup = new NioEventLoopGroup(Runtime.getRuntime().availableProcessors(), new DefaultThreadFactory("edge-io", true));
    AtomicInteger answerThreads = new AtomicInteger();
    // At most one task per connection waits here (SerialAnswers), so the bound only guards a bug.
    answerPool = new ThreadPoolExecutor(settings.answerThreads(), settings.answerThreads(), 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(1 << 20), r -> {
          Thread t = new Thread(r, "edge-answer-" + answerThreads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    long sweepMillis = Math.max(50, Math.min(5_000,
        Math.min(settings.pingInterval().toMillis(), settings.idleTimeout().toMillis()) / 4));
    for (EventExecutor executor : workerGroup) {
      LoopConnections loop = new LoopConnections((EventLoop) executor, writer, counters, millis,
          settings.pingInterval().toMillis(), settings.idleTimeout().toMillis());
      loops.put(executor, loop);
      executor.scheduleAtFixedRate(loop::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }
    SerialAnswers answers = new SerialAnswers(answerer, answerPool, settings.maxPendingRequests());
    HandshakeHandler handshake = new HandshakeHandler(admission, clock, settings,
        (channel, userId, sourceIp) -> open(channel, userId, sourceIp, answers));
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(bossGroup, workerGroup)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childOption(ChannelOption.ALLOCATOR, alloc)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
            new WriteBufferWaterMark(settings.writeBufferLowBytes(), settings.writeBufferHighBytes()))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            channel.pipeline()
                .addLast("handshake-timeout", new ReadTimeoutHandler(HANDSHAKE_TIMEOUT_SECONDS))
                .addLast("http", new HttpServerCodec(4096, MAX_HANDSHAKE_BYTES, MAX_HANDSHAKE_BYTES))
                .addLast("http-aggregator", new HttpObjectAggregator(MAX_HANDSHAKE_BYTES))
                .addLast("handshake", handshake);
          }
        });
    try {
      listener = bootstrap.bind(settings.host(), settings.port()).syncUninterruptibly().channel();
    } catch (Exception e) {
      close();
      throw new IllegalStateException("the edge cannot listen on " + settings.host() + ":" + settings.port()
          + ": " + e.getMessage(), e);
    }
  }

  /** The socket is a WebSocket now: from HTTP handlers to frame handlers, and into its loop's list. */
  private void open(Channel channel, String userId, String sourceIp, SerialAnswers answers) {
    LoopConnections loop = loops.get(channel.eventLoop());
    EdgeConnection connection = new EdgeConnection(channel, EdgeConnectionIds.next(), userId, sourceIp, millis.getAsLong());
    channel.pipeline().remove("handshake-timeout");
    channel.pipeline().addAfter("wsdecoder", "utf8", new Utf8FrameValidator(true));
    channel.pipeline().replace("handshake", "ws-aggregator", new WebSocketFrameAggregator(settings.maxMessageBytes()));
    channel.pipeline().addLast("edge", new FrameHandler(connection, loop, answers, writer, millis));
    if (channel.isActive()) {
      loop.add(connection);
    }
  }

  public int port() {
    if (listener == null) {
      throw new IllegalStateException("the edge is not started");
    }
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** One interval's runs, for every connection (per its subscription); nothing for none. */
  @Override
  public void deliver(List<TileRun> runs) {
    if (runs.isEmpty() || closed) {
      return;
    }
    Interval interval = new Interval(runs, frames, alloc, loops.size());
    for (LoopConnections loop : loops.values()) {
      executeOrDone(loop, () -> {
        try {
          loop.deliver(interval);
        } finally {
          interval.done();
        }
      }, interval::done);
    }
  }

  /** A JSON message (e.g. the resize announcement) for every socket. */
  @Override
  public void broadcast(String jsonMessage) {
    if (closed) {
      return;
    }
    io.netty.buffer.ByteBuf frame = ServerFrames.text(jsonMessage, alloc);
    try {
      for (LoopConnections loop : loops.values()) {
        io.netty.buffer.ByteBuf mine = frame.retainedDuplicate();
        executeOrDone(loop, () -> loop.broadcast(mine), mine::release);
      }
    } finally {
      frame.release();
    }
  }

  /**
   * Closes every socket of the user (1008, "signed out"): sign-out and bans end the sessions that are
   * already open, not only the ones still to come ({@link dev.place.shared.auth.SignOutNotices}).
   */
  public void closeSessionsOf(String userId) {
    if (closed) {
      return;
    }
    for (LoopConnections loop : loops.values()) {
      executeOrDone(loop, () -> loop.closeSessionsOf(userId), () -> {});
    }
  }

  private static void executeOrDone(LoopConnections loop, Runnable task, Runnable ifRejected) {
    try {
      loop.loop().execute(task);
    } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
      ifRejected.run();
    }
  }

  public int connections() {
    int n = 0;
    for (LoopConnections loop : loops.values()) {
      n += loop.count();
    }
    return n;
  }

  public EdgeStats stats() {
    int backlogged = 0;
    long lag = 0;
    for (LoopConnections loop : loops.values()) {
      backlogged += loop.backlogged();
      lag = Math.max(lag, loop.maxLagMillis());
    }
    return new EdgeStats(connections(), counters.framesWritten.sum(), backlogged, lag,
        counters.maxDrainedLagMillis.get(), counters.coalescedRuns.sum(), counters.resyncRuns.sum(),
        counters.idleClosed.sum());
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (listener != null) {
      listener.close().syncUninterruptibly();
    }
    List<io.netty.util.concurrent.Future<?>> stopping = new ArrayList<>();
    if (bossGroup != null) {
      stopping.add(bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS));
    }
    if (workerGroup != null) {
      stopping.add(workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS));
    }
    stopping.forEach(io.netty.util.concurrent.Future::syncUninterruptibly);
    if (answerPool != null) {
      answerPool.shutdownNow();
    }
  }
}
