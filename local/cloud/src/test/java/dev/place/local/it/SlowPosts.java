package dev.place.local.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;

/**
 * Makes PostToConnection calls to chosen connections slow, as a congested client or network would:
 * the request body is held back for a while before it goes out. The SDK picks this interceptor up
 * from the test classpath (software/amazon/awssdk/services/apigatewaymanagementapi/
 * execution.interceptors) for every client it builds, the fanout's included; with no connection
 * chosen it changes nothing. A client that merely stops reading cannot do it on loopback: the
 * kernel buffers megabytes before a write would wait.
 */
public final class SlowPosts implements ExecutionInterceptor {

  private static final Map<String, Duration> SLOW = new ConcurrentHashMap<>();
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "slow-posts");
    t.setDaemon(true);
    return t;
  });

  static void slowDown(String connectionId, Duration delay) {
    SLOW.put(connectionId, delay);
  }

  static void reset() {
    SLOW.clear();
  }

  @Override
  public Optional<AsyncRequestBody> modifyAsyncHttpContent(Context.ModifyHttpRequest context,
      ExecutionAttributes executionAttributes) {
    Optional<AsyncRequestBody> body = context.asyncRequestBody();
    Duration delay = context.request() instanceof PostToConnectionRequest post ? SLOW.get(post.connectionId()) : null;
    if (delay == null) {
      return body;
    }
    // A non-streaming call has no asynchronous body yet (the SDK would make one from the marshalled
    // content after the interceptors): give it one, from the same bytes.
    AsyncRequestBody content = body.orElseGet(() -> AsyncRequestBody.fromBytes(contentOf(context)));
    return Optional.of(new Delayed(content, delay));
  }

  private static byte[] contentOf(Context.ModifyHttpRequest context) {
    try (InputStream in = context.requestBody().orElseThrow().contentStreamProvider().newStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Delayed(AsyncRequestBody inner, Duration delay) implements AsyncRequestBody {
    @Override
    public Optional<Long> contentLength() {
      return inner.contentLength();
    }

    @Override
    public String contentType() {
      return inner.contentType();
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
      TIMER.schedule(() -> inner.subscribe(subscriber), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
