package dev.place.shared.timelapse.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.timelapse.JobJson;
import dev.place.shared.timelapse.Region;
import dev.place.shared.timelapse.TimelapseRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

class LambdaJobLauncherTest {

  private static final TimelapseRequest REQUEST =
      new TimelapseRequest(new Region(10, 20, 300, 200), 1_700_000_000_000L, 1_700_000_600_000L, 24, 240, TimelapseRequest.Format.GIF);

  /** A Lambda client that records invocations and answers with {@code answer}. */
  static final class FakeLambda implements LambdaClient {
    final List<InvokeRequest> invocations = new CopyOnWriteArrayList<>();
    private final Function<InvokeRequest, InvokeResponse> answer;

    FakeLambda(Function<InvokeRequest, InvokeResponse> answer) {
      this.answer = answer;
    }

    @Override
    public InvokeResponse invoke(InvokeRequest request) {
      invocations.add(request);
      return answer.apply(request);
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {}
  }

  private static InvokeResponse status(int code) {
    return InvokeResponse.builder().statusCode(code).build();
  }

  @Test
  void aJobIsAnAsynchronousInvocationOfTheWorkerFunctionWhoseEventIsTheRequest() throws Exception {
    FakeLambda lambda = new FakeLambda(r -> status(202));

    new LambdaJobLauncher(lambda, "place-timelapse-worker").launch(REQUEST);

    assertThat(lambda.invocations).hasSize(1);
    InvokeRequest invocation = lambda.invocations.get(0);
    assertThat(invocation.functionName()).isEqualTo("place-timelapse-worker");
    assertThat(invocation.invocationType()).isEqualTo(InvocationType.EVENT);
    assertThat(JobJson.request(invocation.payload().asUtf8String())).isEqualTo(REQUEST);
  }

  @Test
  void anyStatusButAcceptedIsAFailureNamingTheStatus() {
    for (int code : new int[] {200, 204, 400, 500}) {
      FakeLambda lambda = new FakeLambda(r -> status(code));
      assertThatThrownBy(() -> new LambdaJobLauncher(lambda, "f").launch(REQUEST))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("status " + code);
    }
  }

  @Test
  void anSdkErrorPropagatesToTheDispatcher() {
    TooManyRequestsException throttled = (TooManyRequestsException) TooManyRequestsException.builder()
        .statusCode(429).message("Rate exceeded").build();
    FakeLambda lambda = new FakeLambda(r -> {
      throw throttled;
    });
    assertThatThrownBy(() -> new LambdaJobLauncher(lambda, "f").launch(REQUEST)).isSameAs(throttled);

    SdkClientException unreachable = SdkClientException.create("Unable to execute HTTP request");
    FakeLambda offline = new FakeLambda(r -> {
      throw unreachable;
    });
    assertThatThrownBy(() -> new LambdaJobLauncher(offline, "f").launch(REQUEST)).isSameAs(unreachable);
  }
}
