package dev.place.local.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.place.local.lambda.LambdaFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class HttpApiIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final BlockingQueue<JsonNode> RAW_EVENTS = new LinkedBlockingQueue<>();
  private static final List<LambdaFunction> FUNCTIONS = new ArrayList<>();

  @TempDir
  static Path site;
  private static HttpApi api;

  /** Returns a plain string: format 2.0 turns it into a 200 application/json response. */
  public static class GreetingHandler implements RequestHandler<APIGatewayV2HTTPEvent, String> {
    @Override
    public String handleRequest(APIGatewayV2HTTPEvent event, Context context) {
      return "hello " + event.getPathParameters().get("name");
    }
  }

  /** Returns a map without statusCode: format 2.0 sends it as the JSON body of a 200. */
  public static class StatsHandler implements RequestHandler<APIGatewayV2HTTPEvent, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(APIGatewayV2HTTPEvent event, Context context) {
      return Map.of("pixels", 42);
    }
  }

  @BeforeAll
  static void start() throws IOException {
    Files.writeString(site.resolve("index.html"), "<h1>place</h1>");
    Files.createDirectories(site.resolve("assets"));
    Files.writeString(site.resolve("assets/app.js"), "console.log('place')");
    RequestStreamHandler recorder = (input, output, context) -> {
      JsonNode event = JSON.readTree(input);
      RAW_EVENTS.add(event);
      output.write(("{\"statusCode\":200,\"body\":\"" + event.get("routeKey").asText() + "\"}")
          .getBytes(StandardCharsets.UTF_8));
    };
    api = HttpApi.builder()
        .route("PUT /pixels/{x}/{y}", function(LambdaFunction.builder("pixel").handler(PixelHandler.class).build()))
        .route("GET /hello/{name}", function(LambdaFunction.builder("hello").handler(GreetingHandler.class).build()))
        .route("GET /stats", function(LambdaFunction.builder("stats").handler(StatsHandler.class).build()))
        .route("ANY /admin/{proxy+}", function(LambdaFunction.builder("admin").handler(() -> recorder).build()))
        .route("POST /upload", function(LambdaFunction.builder("upload").handler(() -> recorder).build()))
        .route("GET /fail", function(LambdaFunction.builder("fail").handler(() -> (RequestStreamHandler) (in, out, ctx) -> {
          throw new IllegalStateException("broken");
        }).build()))
        .route("GET /slow", function(LambdaFunction.builder("slow").handler(() -> (RequestStreamHandler) (in, out, ctx) -> {
          try {
            Thread.sleep(2_000);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
          }
        }).build()))
        .staticFiles("/", site, "public, max-age=60")
        .integrationTimeout(Duration.ofMillis(500))
        .start();
  }

  @AfterAll
  static void stop() {
    api.close();
    FUNCTIONS.forEach(LambdaFunction::close);
  }

  @Test
  void routeWithPathParametersGetsAFormat20EventAndItsResponseIsMapped() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/pixels/3/4?color=red"))
        .header("Cookie", "a=1; b=2")
        .PUT(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.body()).isEqualTo("x=3 y=4 color=red route=PUT /pixels/{x}/{y} method=PUT cookies=[a=1, b=2]");
    assertThat(response.headers().firstValue("x-pixel")).contains("set");
    assertThat(response.headers().allValues("set-cookie")).containsExactly("session=abc; Path=/", "theme=dark");
    assertThat(response.headers().firstValue("apigw-requestid")).hasValueSatisfying(id -> assertThat(id).hasSize(16));
  }

  @Test
  void plainStringOutputBecomesA200JsonResponseWithTheStringAsBody() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/hello/pixel%20fan")).GET());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    assertThat(response.body()).isEqualTo("hello pixel fan");
  }

  @Test
  void objectOutputWithoutStatusCodeBecomesA200WithTheObjectAsJsonBody() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/stats")).GET());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"pixels\":42}");
  }

  @Test
  void greedyAnyRouteMatchesEveryMethodAndDeepPath() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/admin/a/b/c?x=1&x=2"))
        .method("DELETE", HttpRequest.BodyPublishers.noBody()));
    assertThat(response.body()).isEqualTo("ANY /admin/{proxy+}");
    JsonNode event = RAW_EVENTS.poll(10, TimeUnit.SECONDS);
    assertThat(event.get("version").asText()).isEqualTo("2.0");
    assertThat(event.get("rawPath").asText()).isEqualTo("/admin/a/b/c");
    assertThat(event.get("rawQueryString").asText()).isEqualTo("x=1&x=2");
    assertThat(event.get("queryStringParameters").get("x").asText()).isEqualTo("1,2");
    assertThat(event.get("pathParameters").get("proxy").asText()).isEqualTo("a/b/c");
    assertThat(event.get("requestContext").get("http").get("method").asText()).isEqualTo("DELETE");
    assertThat(event.get("requestContext").get("http").get("sourceIp").asText()).isEqualTo("127.0.0.1");
    assertThat(event.get("requestContext").get("stage").asText()).isEqualTo("$default");
    assertThat(event.get("headers").get("x-forwarded-for").asText()).isEqualTo("127.0.0.1");
    assertThat(event.has("body")).isFalse();
    assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();
  }

  @Test
  void binaryRequestBodyReachesTheFunctionBase64Encoded() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    send(HttpRequest.newBuilder(uri("/upload")).header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(png)));
    JsonNode event = RAW_EVENTS.poll(10, TimeUnit.SECONDS);
    assertThat(event.get("isBase64Encoded").asBoolean()).isTrue();
    assertThat(Base64.getDecoder().decode(event.get("body").asText())).isEqualTo(png);
    assertThat(event.get("headers").get("content-type").asText()).isEqualTo("image/png");
  }

  @Test
  void requestWithoutRouteOrFileIsNotFound() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/nothing/here")).GET());
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("{\"message\":\"Not Found\"}");
  }

  @Test
  void failingFunctionGivesInternalServerError() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/fail")).GET());
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
  }

  @Test
  void functionSlowerThanTheIntegrationTimeoutGivesServiceUnavailable() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/slow")).GET());
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("{\"message\":\"Service Unavailable\"}");
  }

  @Test
  void staticFilesAreServedWithCacheControlAndRevalidatedByETag() throws Exception {
    HttpResponse<String> index = send(HttpRequest.newBuilder(uri("/")).GET());
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).isEqualTo("<h1>place</h1>");
    assertThat(index.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
    assertThat(index.headers().firstValue("cache-control")).contains("public, max-age=60");
    String etag = index.headers().firstValue("etag").orElseThrow();

    HttpResponse<String> revalidated = send(HttpRequest.newBuilder(uri("/index.html")).header("If-None-Match", etag).GET());
    assertThat(revalidated.statusCode()).isEqualTo(304);
    assertThat(revalidated.body()).isEmpty();

    HttpResponse<String> script = send(HttpRequest.newBuilder(uri("/assets/app.js")).GET());
    assertThat(script.headers().firstValue("content-type")).contains("text/javascript; charset=utf-8");
    assertThat(send(HttpRequest.newBuilder(uri("/assets/..%2F..%2Fetc%2Fpasswd")).GET()).statusCode()).isEqualTo(404);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String pathAndQuery) {
    return URI.create(api.baseUrl() + pathAndQuery);
  }

  private static LambdaFunction function(LambdaFunction function) {
    FUNCTIONS.add(function);
    return function;
  }
}
