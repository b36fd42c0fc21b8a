package dev.place.fanout.edge;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers client messages off the event loops (answering calls Redis and Kafka), on a small shared
 * pool, one message of a connection at a time and in arrival order: at most one task per connection
 * exists, and it takes the connection's requests until none is left. A connection with
 * {@code maxPending} unanswered messages is not read until one is answered, so a flooding client
 * slows itself down (TCP back-pressure) instead of filling the heap or losing messages.
 */
final class SerialAnswers {

  private static final Logger LOG = LoggerFactory.getLogger(SerialAnswers.class);

  private final RequestAnswerer answerer;
  private final Executor executor;
  private final int maxPending;

  SerialAnswers(RequestAnswerer answerer, Executor executor, int maxPending) {
    this.answerer = answerer;
    this.executor = executor;
    this.maxPending = maxPending;
  }

  /** On the connection's event loop. */
  void submit(EdgeConnection connection, String body) {
    if (connection.enqueue(body, maxPending)) {
      try {
        executor.execute(() -> answerAll(connection));
      } catch (RejectedExecutionException shuttingDown) {
        connection.channel.close();
      }
    }
  }

  private void answerAll(EdgeConnection connection) {
    Channel channel = connection.channel;
    String body;
    while ((body = connection.nextRequest(maxPending)) != null) {
      String answer;
      try {
        answer = answerer.answer(connection, body);
      } catch (RuntimeException crash) {
        // What API Gateway sends when the integration fails, so clients handle one shape in both modes.
        LOG.warn("answering {} failed", connection, crash);
        answer = "{\"message\": \"Internal server error\", \"connectionId\":\"" + connection.connectionId()
            + "\", \"requestId\":\"" + EdgeConnectionIds.next() + "\"}";
      }
      if (answer != null) {
        channel.writeAndFlush(new TextWebSocketFrame(answer), channel.voidPromise());
      }
    }
  }
}
