package dev.place.local.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load client's WebSockets: plain Netty on a couple of event-loop threads, so 20,000 watchers
 * cost little CPU beside the server being measured. Connections from many sockets to one server
 * port would exhaust the ephemeral ports of one source address, so they are spread over several
 * loopback addresses (127.0.0.2, 127.0.0.3, ...: all of 127/8 is loopback on Linux).
 */
final class BenchSockets implements AutoCloseable {

  /** What a socket's owner does with its frames; called on the socket's event loop. */
  interface Listener {
    void onText(ByteBuf payload, long nowNanos);

    void onBinary(ByteBuf payload, long nowNanos);

    default void onClosed() {}
  }

  private final EventLoopGroup group;
  private final List<InetAddress> sources;
  private final AtomicInteger nextSource = new AtomicInteger();
  final AtomicInteger closedUnexpectedly = new AtomicInteger();

  BenchSockets(int threads, List<InetAddress> sources) {
    this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory("bench-client"));
    this.sources = sources;
  }

  /** Opens a WebSocket; completes once the handshake is done. */
  CompletableFuture<Socket> connect(URI uri, Listener listener) {
    CompletableFuture<Socket> opened = new CompletableFuture<>();
    WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
        .webSocketUri(uri)
        .version(WebSocketVersion.V13)
        .customHeaders(new DefaultHttpHeaders())
        .maxFramePayloadLength(1 << 20)
        .handshakeTimeoutMillis(60_000)
        .dropPongFrames(true)
        .build();
    Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 60_000)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(1 << 20),
                new Inbound(listener, opened));
          }
        });
    InetAddress source = sources.get(Math.floorMod(nextSource.getAndIncrement(), sources.size()));
    ChannelFuture f = b.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), new InetSocketAddress(source, 0));
    f.addListener(done -> {
      if (!done.isSuccess()) {
        opened.completeExceptionally(done.cause());
      }
    });
    return opened;
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** One open WebSocket. */
  static final class Socket {
    private final Channel channel;
    volatile boolean closing;

    Socket(Channel channel) {
      this.channel = channel;
    }

    void send(String text) {
      channel.writeAndFlush(new TextWebSocketFrame(text));
    }

    /** Runs {@code task} on this socket's event loop, the thread its listener is called on. */
    void execute(Runnable task) {
      channel.eventLoop().execute(task);
    }

    ChannelFuture close() {
      closing = true;
      return channel.close();
    }

    boolean isOpen() {
      return channel.isActive();
    }
  }

  private final class Inbound extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final Listener listener;
    private final CompletableFuture<Socket> opened;
    private Socket socket;

    Inbound(Listener listener, CompletableFuture<Socket> opened) {
      this.listener = listener;
      this.opened = opened;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        socket = new Socket(ctx.channel());
        opened.complete(socket);
      } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
        opened.completeExceptionally(new IllegalStateException("handshake timed out"));
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      long now = System.nanoTime();
      if (frame instanceof TextWebSocketFrame) {
        listener.onText(frame.content(), now);
      } else if (frame instanceof BinaryWebSocketFrame) {
        listener.onBinary(frame.content(), now);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (!opened.isDone()) {
        opened.completeExceptionally(new IllegalStateException("closed during the handshake"));
      } else if (!socket.closing) {
        closedUnexpectedly.incrementAndGet();
      }
      listener.onClosed();
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (!opened.isDone()) {
        opened.completeExceptionally(cause);
      }
      ctx.close();
    }
  }

  static String utf8(ByteBuf payload) {
    return payload.toString(StandardCharsets.UTF_8);
  }
}
