package dev.place.local.apigw;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteSelectionExpressionTest {

  private final RouteSelectionExpression action = RouteSelectionExpression.parse("$request.body.action");

  @Test
  void topLevelStringSelectsItsValue() {
    assertThat(action.evaluate("{\"action\":\"place\",\"x\":1}")).contains("place");
  }

  @Test
  void nestedPathSelectsTheNestedValue() {
    RouteSelectionExpression nested = RouteSelectionExpression.parse("$request.body.meta.route.name");
    assertThat(nested.evaluate("{\"meta\":{\"route\":{\"name\":\"subscribe\"}}}")).contains("subscribe");
    assertThat(nested.evaluate("{\"meta\":{\"route\":\"flat\"}}")).isEmpty();
  }

  @ParameterizedTest(name = "{0} selects \"{1}\"")
  @CsvSource(delimiter = '|', value = {
      "{\"action\":7}|7",
      "{\"action\":1.5}|1.5",
      "{\"action\":true}|true",
      "{\"action\":{\"a\":1}}|{\"a\":1}",
      "{\"action\":[1,2]}|[1,2]",
      "{\"action\":\"\"}|''"})
  void nonStringValuesAreStringified(String body, String expected) {
    assertThat(action.evaluate(body)).contains(expected.equals("''") ? "" : expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "{\"action\":\"x\"} trailing", "{\"other\":1}", "{\"action\":null}", "[1,2]", "\"action\"", ""})
  void bodiesWithoutAValueSelectNothing(String body) {
    assertThat(action.evaluate(body)).isEmpty();
  }

  @Test
  void templateCombinesLiteralTextAndSeveralPaths() {
    RouteSelectionExpression template = RouteSelectionExpression.parse("${request.body.service}/${request.body.op}");
    assertThat(template.evaluate("{\"service\":\"canvas\",\"op\":\"read\"}")).contains("canvas/read");
    assertThat(template.evaluate("{\"service\":\"canvas\"}")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"$request.body", "$request.header.action", "action", "$request.body.a..b", "${request.body.a}$x"})
  void unsupportedExpressionsAreRejectedUpFront(String expression) {
    assertThatThrownBy(() -> RouteSelectionExpression.parse(expression)).isInstanceOf(IllegalArgumentException.class);
  }
}
