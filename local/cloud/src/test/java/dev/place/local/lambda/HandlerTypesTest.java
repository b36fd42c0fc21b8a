package dev.place.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import org.junit.jupiter.api.Test;

import java.lang.reflect.ParameterizedType;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandlerTypesTest {

  abstract static class JsonHandler<T> implements RequestHandler<T, String> {
  }

  static class InheritsItsInputType extends JsonHandler<Map<String, List<Integer>>> {
    @Override
    public String handleRequest(Map<String, List<Integer>> input, Context context) {
      return "";
    }
  }

  static class Direct implements RequestHandler<Integer, Void> {
    @Override
    public Void handleRequest(Integer input, Context context) {
      return null;
    }
  }

  static class Bounded<T extends Number> implements RequestHandler<T, String> {
    @Override
    public String handleRequest(T input, Context context) {
      return "";
    }
  }

  @SuppressWarnings("rawtypes")
  static class Unbounded<T> implements RequestHandler<T, String> {
    @Override
    public String handleRequest(Object input, Context context) {
      return "";
    }
  }

  @Test
  void typeArgumentsAreResolvedThroughAGenericBaseClass() {
    HandlerTypes.IoTypes types = HandlerTypes.of(InheritsItsInputType.class);
    assertThat(types.input()).isInstanceOf(ParameterizedType.class);
    assertThat(types.input().getTypeName()).isEqualTo("java.util.Map<java.lang.String, java.util.List<java.lang.Integer>>");
    assertThat(types.output()).isEqualTo(String.class);
  }

  @Test
  void voidOutputIsRecognised() {
    assertThat(HandlerTypes.of(Direct.class).returnsVoid()).isTrue();
    assertThat(HandlerTypes.of(Direct.class).input()).isEqualTo(Integer.class);
  }

  @Test
  void boundedTypeVariableResolvesToItsBoundAndUnboundedIsRejectedAsTheRuntimeDoes() {
    assertThat(HandlerTypes.of(Bounded.class).input()).isEqualTo(Number.class);
    assertThatThrownBy(() -> HandlerTypes.of(Unbounded.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no upper bound");
  }
}
