package dev.place.local.http;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.place.local.lambda.LambdaFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTableTest {

  private static final LambdaFunction FUNCTION = LambdaFunction.builder("any")
      .handler(() -> (RequestStreamHandler) (in, out, ctx) -> { })
      .build();

  private final RouteTable table = new RouteTable(List.of(
      HttpRoute.parse("$default", FUNCTION),
      HttpRoute.parse("ANY /{proxy+}", FUNCTION),
      HttpRoute.parse("GET /pets/{proxy+}", FUNCTION),
      HttpRoute.parse("GET /pets/dog/{id}", FUNCTION),
      HttpRoute.parse("GET /pets/dog/1", FUNCTION),
      HttpRoute.parse("ANY /pets/cat", FUNCTION),
      HttpRoute.parse("POST /pets/cat", FUNCTION)));

  @AfterAll
  static void close() {
    FUNCTION.close();
  }

  @Test
  void exactPathBeatsPathVariableWhichBeatsGreedyVariable() {
    assertThat(routeFor("GET", "/pets/dog/1")).isEqualTo("GET /pets/dog/1");
    assertThat(routeFor("GET", "/pets/dog/2")).isEqualTo("GET /pets/dog/{id}");
    assertThat(routeFor("GET", "/pets/bird/2")).isEqualTo("GET /pets/{proxy+}");
    assertThat(routeFor("POST", "/pets/bird/2")).isEqualTo("ANY /{proxy+}");
  }

  @Test
  void specificMethodBeatsAnyForTheSamePath() {
    assertThat(routeFor("POST", "/pets/cat")).isEqualTo("POST /pets/cat");
    assertThat(routeFor("DELETE", "/pets/cat")).isEqualTo("ANY /pets/cat");
  }

  @Test
  void pathParametersAreDecodedAndGreedyOnesKeepTheirSlashes() {
    assertThat(table.find("GET", "/pets/dog/rex%20jr").orElseThrow().pathParameters()).isEqualTo(Map.of("id", "rex jr"));
    assertThat(table.find("GET", "/pets/a/b/c").orElseThrow().pathParameters()).isEqualTo(Map.of("proxy", "a/b/c"));
  }

  @Test
  void greedyVariableNeedsAtLeastOneSegmentAndDefaultCatchesTheRest() {
    RouteTable narrow = new RouteTable(List.of(HttpRoute.parse("GET /files/{path+}", FUNCTION),
        HttpRoute.parse("$default", FUNCTION)));
    assertThat(narrow.find("GET", "/files/")).isEmpty();
    assertThat(narrow.find("GET", "/files")).isEmpty();
    assertThat(narrow.defaultRoute().orElseThrow().route().routeKey()).isEqualTo("$default");
  }

  @Test
  void routeKeysThatApiGatewayWouldRejectAreRejected() {
    assertThatThrownBy(() -> HttpRoute.parse("FETCH /x", FUNCTION)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpRoute.parse("GET x", FUNCTION)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpRoute.parse("GET /{all+}/more", FUNCTION)).isInstanceOf(IllegalArgumentException.class);
  }

  private String routeFor(String method, String path) {
    return table.find(method, path).orElseThrow().route().routeKey();
  }
}
