package dev.place.local.lambda;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One emulated execution environment: a single thread that owns one handler instance. The instance is created on
 * the first invocation (the constructor is the init phase, i.e. a cold start) and reused afterwards, so handler
 * fields, thread locals and connection pools behave as they do across warm invocations on Lambda. The environment
 * runs one invocation at a time. An invocation that ends in a timeout or init failure (see
 * {@link LambdaInvocationException.Kind}) leaves it unusable, and the owner discards it, as Lambda resets a sandbox.
 */
final class ExecutionEnvironment {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionEnvironment.class);
  private static final DateTimeFormatter STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");
  private static final ScheduledExecutorService DEADLINES = deadlineTimer();

  private final FunctionSettings settings;
  private final Logger functionLog;
  private final String logStreamName;
  private final ExecutorService thread;
  // Only touched from the environment's own thread.
  private HandlerAdapter handler;

  ExecutionEnvironment(FunctionSettings settings, int ordinal) {
    this.settings = settings;
    this.functionLog = LoggerFactory.getLogger("lambda." + settings.name());
    byte[] id = new byte[16];
    ThreadLocalRandom.current().nextBytes(id);
    this.logStreamName =
        LocalDate.now(ZoneOffset.UTC).format(STREAM_DATE) + "/[$LATEST]" + HexFormat.of().formatHex(id);
    this.thread = Executors.newSingleThreadExecutor(runnable -> {
      Thread worker = new Thread(runnable, "lambda-" + settings.name() + "-" + ordinal);
      worker.setDaemon(true);
      return worker;
    });
  }

  /** Completes with the handler's JSON output or a {@link LambdaInvocationException}. */
  CompletableFuture<byte[]> invoke(byte[] event, String requestId) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    try {
      thread.execute(() -> run(event, requestId, result));
    } catch (RejectedExecutionException shutDown) {
      result.completeExceptionally(LambdaInvocationException.initError(shutDown, requestId));
    }
    return result;
  }

  void shutdown() {
    // Interrupting is all the JVM allows; a handler that ignores interrupts keeps its (daemon) thread busy.
    thread.shutdownNow();
  }

  private void run(byte[] event, String requestId, CompletableFuture<byte[]> result) {
    if (handler == null && !initialise(requestId, result)) {
      return;
    }
    // The deadline starts after init: Lambda gives the init phase its own limit.
    long deadline = System.currentTimeMillis() + settings.timeout().toMillis();
    ScheduledFuture<?> timer = DEADLINES.schedule(
        () -> fail(result, LambdaInvocationException.timeout(settings.timeout(), requestId)),
        settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    try {
      InvocationContext context = new InvocationContext(requestId, settings.name(), settings.functionArn(),
          logStreamName, settings.memoryMb(), deadline, new Slf4jLambdaLogger(functionLog, requestId));
      result.complete(handler.handle(event, context));
    } catch (Throwable error) {
      if (!result.isDone()) {
        functionLog.info("{} handler failed: {}", requestId, error.toString());
      }
      result.completeExceptionally(LambdaInvocationException.functionError(error, requestId));
    } finally {
      timer.cancel(false);
    }
  }

  private boolean initialise(String requestId, CompletableFuture<byte[]> result) {
    ScheduledFuture<?> timer = DEADLINES.schedule(
        () -> fail(result, LambdaInvocationException.initTimeout(settings.initTimeout(), requestId)),
        settings.initTimeout().toMillis(), TimeUnit.MILLISECONDS);
    try {
      long started = System.nanoTime();
      handler = HandlerAdapter.of(settings.handlerFactory().get());
      LOG.debug("{}: cold start of {} took {} ms", settings.name(), logStreamName,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return !result.isDone();
    } catch (Throwable error) {
      LOG.warn("{}: init failed: {}", settings.name(), error.toString());
      result.completeExceptionally(LambdaInvocationException.initError(error, requestId));
      return false;
    } finally {
      timer.cancel(false);
    }
  }

  private void fail(CompletableFuture<byte[]> result, LambdaInvocationException error) {
    if (result.completeExceptionally(error)) {
      LOG.warn("{}: {}", settings.name(), error.errorMessage());
      shutdown();
    }
  }

  private static ScheduledExecutorService deadlineTimer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread worker = new Thread(runnable, "lambda-deadlines");
      worker.setDaemon(true);
      return worker;
    });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }
}
