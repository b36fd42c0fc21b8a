package dev.place.local.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda service's {@code Invoke} API ({@code POST /2015-03-31/functions/{name}/invocations})
 * for functions running in this JVM, so that code calling Lambda through the AWS SDK (the timelapse
 * dispatcher) or the {@code aws} CLI runs unchanged with an endpoint override.
 *
 * <ul>
 *   <li>{@code X-Amz-Invocation-Type: RequestResponse} (the default): 200 with the function's output;
 *       a failed invocation is still 200, with {@code X-Amz-Function-Error: Unhandled} and the error
 *       payload, as Lambda answers.</li>
 *   <li>{@code Event}: 202 at once; the event waits in the function's own queue for a free
 *       environment (Lambda's internal queue), and a failed invocation is retried up to the
 *       function's {@code asyncRetries} times, 1 s then 2 s apart (Lambda: 1 min, then 2 min).</li>
 *   <li>{@code DryRun}: 204.</li>
 *   <li>An unknown function: 404 {@code ResourceNotFoundException}; a throttled synchronous invoke:
 *       429 {@code TooManyRequestsException}, with the error type in {@code x-amzn-ErrorType}, which
 *       is what the SDK reads to pick the exception class.</li>
 * </ul>
 * The function may be named by name, ARN or partial ARN, with or without a qualifier; qualifiers are
 * accepted and ignored (one version per function here). Requests are not authenticated: the SDK signs
 * them, nobody checks, as with the other emulated APIs.
 */
public final class LambdaInvokeApi implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LambdaInvokeApi.class);
  private static final Pattern PATH = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations/?$");

  private record Deployed(LambdaFunction function, int asyncRetries, ExecutorService eventQueue) {}

  private final HttpServer server;
  private final ExecutorService requests;
  private final Map<String, Deployed> functions;

  private LambdaInvokeApi(int port, Map<String, Deployed> functions) throws IOException {
    this.functions = functions;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    this.requests = Executors.newCachedThreadPool(daemon("lambda-api"));
    server.setExecutor(requests);
    server.createContext("/", this::handle);
    server.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String requestId = UUID.randomUUID().toString();
      exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
      Matcher path = PATH.matcher(exchange.getRequestURI().getRawPath());
      if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
        error(exchange, 404, "UnknownOperationException", "no such operation: "
            + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
        return;
      }
      String named = URLDecoder.decode(path.group(1), StandardCharsets.UTF_8);
      Deployed deployed = functions.get(functionName(named));
      if (deployed == null) {
        error(exchange, 404, "ResourceNotFoundException", "Function not found: " + named);
        return;
      }
      String payload;
      try (InputStream body = exchange.getRequestBody()) {
        payload = new String(body.readAllBytes(), StandardCharsets.UTF_8);
      }
      // Lambda hands a handler an empty payload as JSON null's absence; the runtime's serializers want JSON.
      String event = payload.isBlank() ? "{}" : payload;
      String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
      switch (type == null ? "RequestResponse" : type) {
        case "RequestResponse" -> invokeSynchronously(exchange, deployed.function(), event);
        case "Event" -> {
          deployed.eventQueue().execute(() -> invokeQueued(deployed, event, requestId));
          exchange.sendResponseHeaders(202, -1);
        }
        case "DryRun" -> exchange.sendResponseHeaders(204, -1);
        default -> error(exchange, 400, "InvalidParameterValueException",
            "X-Amz-Invocation-Type must be RequestResponse, Event or DryRun, got " + type);
      }
    } catch (RuntimeException e) {
      LOG.error("Lambda API emulation failed", e);
    }
  }

  private static void invokeSynchronously(HttpExchange exchange, LambdaFunction function, String event) throws IOException {
    exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    try {
      send(exchange, 200, function.invoke(event));
    } catch (LambdaInvocationException e) {
      if (e.kind() == LambdaInvocationException.Kind.THROTTLED) {
        error(exchange, 429, "TooManyRequestsException", "Rate Exceeded.");
        return;
      }
      exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
      send(exchange, 200, e.toErrorJson());
    }
  }

  private static void invokeQueued(Deployed deployed, String event, String requestId) {
    for (int attempt = 0; attempt <= deployed.asyncRetries(); attempt++) {
      if (attempt > 0) {
        try {
          Thread.sleep(1_000L << (attempt - 1));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      try {
        deployed.function().invoke(event);
        return;
      } catch (LambdaInvocationException e) {
        LOG.warn("asynchronous invocation {} of {} failed (attempt {} of {}): {}", requestId, deployed.function().name(),
            attempt + 1, deployed.asyncRetries() + 1, e.getMessage());
      }
    }
  }

  /** {@code name}, {@code name:qualifier}, {@code 123456789012:function:name[:q]} or a full ARN, to the name. */
  static String functionName(String named) {
    int function = named.indexOf("function:");
    String rest = function >= 0 ? named.substring(function + "function:".length()) : named;
    int qualifier = rest.indexOf(':');
    return qualifier >= 0 ? rest.substring(0, qualifier) : rest;
  }

  private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
    exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    String json = "{\"Type\":\"User\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    send(exchange, status, json);
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Stops accepting requests, then drops queued events (Lambda would keep them; nothing here outlives the JVM). */
  @Override
  public void close() {
    server.stop(0);
    requests.shutdownNow();
    for (Deployed d : functions.values()) {
      d.eventQueue().shutdownNow();
      try {
        d.eventQueue().awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public static final class Builder {
    private int port;
    private final Map<String, Deployed> functions = new LinkedHashMap<>();

    private Builder() {}

    /** 0 (the default): any free loopback port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Deploys {@code function} behind the API; asynchronous events run one per free execution
     * environment and are retried {@code asyncRetries} times (Lambda's default is 2; 0 to 2).
     */
    public Builder function(LambdaFunction function, int asyncRetries) {
      if (asyncRetries < 0 || asyncRetries > 2) {
        throw new IllegalArgumentException("asyncRetries is 0 to 2, as in Lambda");
      }
      functions.put(function.name(), new Deployed(function, asyncRetries,
          Executors.newFixedThreadPool(Math.max(1, function.maxConcurrency()), daemon("lambda-events-" + function.name()))));
      return this;
    }

    public LambdaInvokeApi start() {
      try {
        return new LambdaInvokeApi(port, Map.copyOf(functions));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
      }
    }
  }
}
