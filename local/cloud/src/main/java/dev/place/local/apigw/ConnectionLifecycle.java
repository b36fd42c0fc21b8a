package dev.place.local.apigw;

import dev.place.local.lambda.LambdaFunction;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Opens and ends connections: registers an established connection and arms its idle and maximum-age limits,
 * closes connections on the server's initiative (idle, age, DeleteConnection, oversized message, shutdown), and
 * when a socket is gone, unregisters it and sends the best-effort {@code $disconnect} once the messages that arrived
 * before the close have been answered.
 */
final class ConnectionLifecycle {

  static final int GOING_AWAY = 1001;
  static final int NORMAL = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLifecycle.class);

  private final WebSocketApiSettings settings;
  private final ConnectionRegistry registry;
  private final WebSocketEvents events;
  // Connections not yet closed, or whose calls (ending with $disconnect) are still running; shutdown waits for them.
  private final Set<Connection> unfinished = ConcurrentHashMap.newKeySet();

  ConnectionLifecycle(WebSocketApiSettings settings, ConnectionRegistry registry, WebSocketEvents events) {
    this.settings = settings;
    this.registry = registry;
    this.events = events;
  }

  void established(Connection connection) {
    unfinished.add(connection);
    registry.add(connection);
    scheduleIdleCheck(connection, settings.idleTimeout().toMillis());
    ScheduledFuture<?> maxAge = connection.channel().eventLoop().schedule(
        () -> close(connection, GOING_AWAY, "Going away"),
        settings.maxConnectionAge().toMillis(), TimeUnit.MILLISECONDS);
    // Cancelled on close so short-lived connections are not kept reachable for the whole maximum age.
    connection.channel().closeFuture().addListener(closed -> maxAge.cancel(false));
    LOG.debug("connection {} established from {}", connection.id(), connection.identity().sourceIp());
  }

  /** Closes from the server side with the given status; the first reason recorded is the one reported. */
  void close(Connection connection, int statusCode, String reason) {
    connection.recordClose(statusCode, reason);
    connection.markClosed();
    registry.remove(connection);
    if (connection.channel().isActive()) {
      connection.channel().writeAndFlush(new CloseWebSocketFrame(statusCode, reason))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** The socket is closed: from now on the connection is gone, and the backend hears of it. */
  void closed(Connection connection) {
    connection.markClosed();
    registry.remove(connection);
    unfinished.add(connection);
    LambdaFunction disconnect = settings.routes().get(WebSocketApiSettings.DISCONNECT);
    connection.afterInFlight(() -> disconnect == null
        ? CompletableFuture.completedFuture(null)
        : notifyDisconnect(connection, disconnect)
    ).whenComplete((ignored, failure) -> unfinished.remove(connection));
  }

  private CompletableFuture<String> notifyDisconnect(Connection connection, LambdaFunction disconnect) {
    String event = events.disconnect(connection.identity(), connection.closeCode(), connection.closeReason(),
        ConnectionIds.next(), System.currentTimeMillis());
    return Integration.call(disconnect, event, settings.integrationTimeout())
        .whenComplete((ignored, failure) -> {
          if (failure != null) {
            LOG.info("$disconnect of {} failed: {}", connection.id(), failure.toString());
          }
        });
  }

  /** Completes when every connection has closed and finished its calls, {@code $disconnect} included. */
  CompletableFuture<Void> quiescence() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread waiter = new Thread(() -> {
      while (!unfinished.isEmpty()) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      done.complete(null);
    }, "websocket-api-drain");
    waiter.setDaemon(true);
    waiter.start();
    return done;
  }

  private void scheduleIdleCheck(Connection connection, long delayMillis) {
    connection.channel().eventLoop().schedule(() -> {
      if (!connection.isOpen()) {
        return;
      }
      long idleFor = System.currentTimeMillis() - connection.lastActiveAt();
      long limit = settings.idleTimeout().toMillis();
      if (idleFor >= limit) {
        close(connection, GOING_AWAY, "Going away");
      } else {
        scheduleIdleCheck(connection, limit - idleFor);
      }
    }, delayMillis, TimeUnit.MILLISECONDS);
  }
}
