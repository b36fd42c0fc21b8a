package dev.place.fanout.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The connections of one event loop, touched only on that loop: an array with swap-remove (each
 * connection knows its slot), so registering a socket costs no map entry and an interval walks a
 * plain array. Also keeps the loop's connections alive or closes them: a ping after {@code
 * pingInterval} without a client frame, a close (1001) after {@code idleTimeout}.
 */
final class LoopConnections {

  private final EventLoop loop;
  private final BatchWriter writer;
  private final EdgeCounters counters;
  private final LongSupplier clock;
  private final long pingIntervalMillis;
  private final long idleTimeoutMillis;
  private EdgeConnection[] connections = new EdgeConnection[64];
  private int size;

  // Written on the loop, read by stats().
  private volatile int count;
  private volatile int backlogged;
  private volatile long maxLagMillis;

  LoopConnections(EventLoop loop, BatchWriter writer, EdgeCounters counters, LongSupplier clock,
      long pingIntervalMillis, long idleTimeoutMillis) {
    this.loop = loop;
    this.writer = writer;
    this.counters = counters;
    this.clock = clock;
    this.pingIntervalMillis = pingIntervalMillis;
    this.idleTimeoutMillis = idleTimeoutMillis;
  }

  EventLoop loop() {
    return loop;
  }

  void add(EdgeConnection connection) {
    assert loop.inEventLoop();
    if (size == connections.length) {
      connections = Arrays.copyOf(connections, size * 2);
    }
    connection.slot = size;
    connections[size++] = connection;
    count = size;
  }

  void remove(EdgeConnection connection) {
    assert loop.inEventLoop();
    int slot = connection.slot;
    if (slot < 0 || connections[slot] != connection) {
      return;
    }
    EdgeConnection last = connections[--size];
    connections[slot] = last;
    last.slot = slot;
    connections[size] = null;
    connection.slot = -1;
    count = size;
  }

  /** Writes the interval to every connection of the loop, then flushes each once. */
  void deliver(Interval interval) {
    long now = clock.getAsLong();
    int frames = 0;
    int behind = 0;
    long lag = 0;
    for (int i = 0; i < size; i++) {
      EdgeConnection c = connections[i];
      frames += writer.deliver(c, interval);
      c.channel.flush(); // one syscall a socket per interval, however many frames it got
      if (c.hasBacklog()) {
        behind++;
        lag = Math.max(lag, now - c.backlogSinceMillis());
      }
    }
    counters.framesWritten.add(frames);
    backlogged = behind;
    maxLagMillis = lag;
  }

  /** Writes one frame to every connection of the loop, backlog or not: it is no batch. Releases the frame. */
  void broadcast(ByteBuf frame) {
    try {
      for (int i = 0; i < size; i++) {
        connections[i].channel.writeAndFlush(frame.retainedDuplicate(), connections[i].channel.voidPromise());
      }
      counters.framesWritten.add(size);
    } finally {
      frame.release();
    }
  }

  /** Closes the sockets of a user whose sessions ended; their frames still queued go first. */
  void closeSessionsOf(String userId) {
    for (int i = size - 1; i >= 0; i--) {
      EdgeConnection c = connections[i];
      if (c.userId().equals(userId)) {
        c.channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION.code(), "signed out"))
            .addListener(ChannelFutureListener.CLOSE);
        remove(c);
      }
    }
  }

  /** Pings the quiet, closes the silent. */
  void sweep() {
    long now = clock.getAsLong();
    for (int i = size - 1; i >= 0; i--) {
      EdgeConnection c = connections[i];
      long quiet = now - c.lastReadMillis;
      if (quiet >= idleTimeoutMillis) {
        counters.idleClosed.increment();
        c.channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), "Going away"))
            .addListener(ChannelFutureListener.CLOSE);
        remove(c);
      } else if (quiet >= pingIntervalMillis && now - c.lastPingMillis >= pingIntervalMillis) {
        c.lastPingMillis = now;
        c.channel.writeAndFlush(new PingWebSocketFrame(), c.channel.voidPromise());
      }
    }
    measureBacklogs();
  }

  private void measureBacklogs() {
    long now = clock.getAsLong();
    int behind = 0;
    long lag = 0;
    for (int i = 0; i < size; i++) {
      if (connections[i].hasBacklog()) {
        behind++;
        lag = Math.max(lag, now - connections[i].backlogSinceMillis());
      }
    }
    backlogged = behind;
    maxLagMillis = lag;
  }

  int count() {
    return count;
  }

  int backlogged() {
    return backlogged;
  }

  long maxLagMillis() {
    return maxLagMillis;
  }
}
