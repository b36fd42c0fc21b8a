package dev.place.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LambdaInvokeApiTest {

  @Test
  void aFunctionIsFoundByNameArnOrPartialArnWithOrWithoutAQualifier() {
    assertThat(LambdaInvokeApi.functionName("place-timelapse-worker")).isEqualTo("place-timelapse-worker");
    assertThat(LambdaInvokeApi.functionName("place-timelapse-worker:live")).isEqualTo("place-timelapse-worker");
    assertThat(LambdaInvokeApi.functionName("123456789012:function:place-timelapse-worker")).isEqualTo("place-timelapse-worker");
    assertThat(LambdaInvokeApi.functionName("arn:aws:lambda:eu-west-1:123456789012:function:place-timelapse-worker:live"))
        .isEqualTo("place-timelapse-worker");
  }
}
