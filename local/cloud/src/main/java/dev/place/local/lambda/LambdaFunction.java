package dev.place.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A deployed Lambda function running in this JVM: a handler class, a concurrency limit (the number of execution
 * environments) and a timeout. Invocations take and return JSON, converted exactly as the Java runtime converts
 * them, so callers (the API Gateway emulators, an event source mapping) build AWS-shaped events and the real
 * handler classes run unchanged.
 *
 * <p>Known differences from Lambda: all environments share one class loader, so static state is shared between
 * them (on Lambda each environment is a separate JVM); a timed-out handler thread is interrupted but cannot be
 * killed; when every environment is busy an invocation waits up to {@code queueTimeout} before failing with
 * {@code TooManyRequestsException}, where Lambda would throttle at once (set the queue timeout to zero for that).
 */
public final class LambdaFunction implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LambdaFunction.class);

  private final FunctionSettings settings;
  private final EnvironmentPool pool;

  private LambdaFunction(FunctionSettings settings) {
    this.settings = settings;
    this.pool = new EnvironmentPool(settings.maxConcurrency(), settings.queueTimeout(),
        ordinal -> new ExecutionEnvironment(settings, ordinal));
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return settings.name();
  }

  public String functionArn() {
    return settings.functionArn();
  }

  /** How many execution environments may run at once (Lambda's reserved concurrency). */
  public int maxConcurrency() {
    return settings.maxConcurrency();
  }

  public Duration timeout() {
    return settings.timeout();
  }

  /** Execution environments created and not discarded, i.e. how many cold starts are currently warm. */
  public int liveEnvironments() {
    return pool.liveEnvironments();
  }

  /**
   * Invokes the function (a synchronous, RequestResponse invoke in Lambda terms) without blocking the caller.
   * The future completes with the handler's JSON output, or exceptionally with a
   * {@link LambdaInvocationException}. Dependent stages may run on the function's own threads, so they must not
   * block.
   */
  public CompletableFuture<String> invokeAsync(String eventJson) {
    Objects.requireNonNull(eventJson, "eventJson");
    String requestId = UUID.randomUUID().toString();
    byte[] event = eventJson.getBytes(StandardCharsets.UTF_8);
    CompletableFuture<String> outcome = new CompletableFuture<>();
    pool.acquire().whenComplete((environment, unavailable) -> {
      if (unavailable != null) {
        outcome.completeExceptionally(LambdaInvocationException.throttled(requestId));
        return;
      }
      environment.invoke(event, requestId).whenComplete((output, failure) -> {
        // Give the environment back before completing, so work chained on the outcome can reuse it warm.
        LambdaInvocationException error = failure == null ? null : unwrap(failure, requestId);
        if (error != null && (error.kind() == LambdaInvocationException.Kind.TIMEOUT
            || error.kind() == LambdaInvocationException.Kind.INIT_ERROR)) {
          pool.discard(environment);
        } else {
          pool.release(environment);
        }
        if (error != null) {
          outcome.completeExceptionally(error);
        } else {
          outcome.complete(new String(output, StandardCharsets.UTF_8));
        }
      });
    });
    return outcome;
  }

  /**
   * Warms every execution environment ahead of traffic, as provisioned concurrency (or a SnapStart
   * priming hook) does on Lambda: each one runs its init phase and one invocation of {@code eventJson},
   * which must be harmless (change no state). Busy environments are left alone. A failed priming is
   * only logged: the environment is discarded and traffic gets a fresh one, as without priming.
   *
   * @return the milliseconds of each environment's priming invocation, init included (its cold start)
   */
  public List<Long> prime(String eventJson) {
    byte[] event = eventJson.getBytes(StandardCharsets.UTF_8);
    List<ExecutionEnvironment> environments = pool.takeAll();
    List<CompletableFuture<Long>> primed = new ArrayList<>();
    for (ExecutionEnvironment environment : environments) {
      long started = System.nanoTime();
      String requestId = UUID.randomUUID().toString();
      primed.add(environment.invoke(event, requestId).handle((output, failure) -> {
        if (failure == null) {
          pool.release(environment);
        } else {
          LOG.warn("{}: priming failed: {}", name(), failure.toString());
          pool.discard(environment);
        }
        return (System.nanoTime() - started) / 1_000_000;
      }));
    }
    return primed.stream().map(CompletableFuture::join).toList();
  }

  /** Blocking form of {@link #invokeAsync(String)}. */
  public String invoke(String eventJson) {
    try {
      return invokeAsync(eventJson).join();
    } catch (CompletionException wrapped) {
      throw unwrap(wrapped, "unknown");
    }
  }

  /** Stops idle environments; busy ones stop when their invocation ends. */
  @Override
  public void close() {
    pool.close();
  }

  private static LambdaInvocationException unwrap(Throwable failure, String requestId) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof LambdaInvocationException invocationError
        ? invocationError
        : LambdaInvocationException.functionError(cause, requestId);
  }

  public static final class Builder {
    private final String name;
    private Supplier<?> handlerFactory;
    private int maxConcurrency = 4;
    private Duration timeout = Duration.ofSeconds(29);
    private Duration initTimeout = Duration.ofSeconds(10);
    private Duration queueTimeout = Duration.ofSeconds(10);
    private int memoryMb = 512;
    private String region = "us-east-1";
    private String accountId = "000000000000";

    private Builder(String name) {
      if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
        throw new IllegalArgumentException("Lambda function names are 1-64 of [A-Za-z0-9_-]: " + name);
      }
      this.name = name;
    }

    /**
     * The handler class, instantiated through its public no-argument constructor once per execution
     * environment, as Lambda does. It must implement {@link RequestHandler} (with concrete type arguments) or
     * {@link RequestStreamHandler}; that and the constructor are checked now rather than at the first
     * invocation, because locally a misconfiguration is better reported at start-up.
     */
    public Builder handler(Class<?> handlerClass) {
      Objects.requireNonNull(handlerClass, "handlerClass");
      if (RequestHandler.class.isAssignableFrom(handlerClass)) {
        HandlerTypes.of(handlerClass);
      } else if (!RequestStreamHandler.class.isAssignableFrom(handlerClass)) {
        throw new IllegalArgumentException("Class does not implement an appropriate handler interface: "
            + handlerClass.getName());
      }
      Constructor<?> constructor = publicNoArgConstructor(handlerClass);
      this.handlerFactory = () -> instantiate(constructor);
      return this;
    }

    /** A factory called once per execution environment, for handlers built by hand (tests, wiring). */
    public Builder handler(Supplier<?> factory) {
      this.handlerFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /** Number of execution environments, i.e. the reserved concurrency. */
    public Builder maxConcurrency(int environments) {
      if (environments < 1) {
        throw new IllegalArgumentException("maxConcurrency must be at least 1");
      }
      this.maxConcurrency = environments;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    public Builder initTimeout(Duration initTimeout) {
      this.initTimeout = positive(initTimeout, "initTimeout");
      return this;
    }

    /** How long an invocation may wait for a free environment before it is throttled; zero throttles at once. */
    public Builder queueTimeout(Duration queueTimeout) {
      if (queueTimeout.isNegative()) {
        throw new IllegalArgumentException("queueTimeout must not be negative");
      }
      this.queueTimeout = queueTimeout;
      return this;
    }

    public Builder memoryMb(int memoryMb) {
      this.memoryMb = memoryMb;
      return this;
    }

    public Builder region(String region) {
      this.region = Objects.requireNonNull(region);
      return this;
    }

    public Builder accountId(String accountId) {
      this.accountId = Objects.requireNonNull(accountId);
      return this;
    }

    public LambdaFunction build() {
      if (handlerFactory == null) {
        throw new IllegalStateException("handler is required for function " + name);
      }
      String arn = "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
      return new LambdaFunction(new FunctionSettings(name, arn, memoryMb, maxConcurrency, timeout,
          initTimeout, queueTimeout, handlerFactory));
    }

    private static Duration positive(Duration value, String what) {
      if (value == null || value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return value;
    }

    private static Constructor<?> publicNoArgConstructor(Class<?> handlerClass) {
      try {
        return handlerClass.getConstructor();
      } catch (NoSuchMethodException missing) {
        if (handlerClass.getEnclosingClass() != null && !Modifier.isStatic(handlerClass.getModifiers())) {
          throw new IllegalArgumentException("Class " + handlerClass.getName()
              + " cannot be instantiated because it is a non-static inner class");
        }
        throw new IllegalArgumentException("Class " + handlerClass.getName()
            + " has no public zero-argument constructor", missing);
      }
    }

    // A constructor's checked exception is rethrown as is, so the init error names the class the handler threw.
    private static Object instantiate(Constructor<?> constructor) {
      try {
        return constructor.newInstance();
      } catch (InvocationTargetException failed) {
        throw Builder.<RuntimeException>rethrow(failed.getCause());
      } catch (ReflectiveOperationException unusable) {
        throw new IllegalStateException(unusable);
      }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrow(Throwable error) throws T {
      throw (T) error;
    }
  }
}
