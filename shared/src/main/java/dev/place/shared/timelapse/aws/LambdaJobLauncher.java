package dev.place.shared.timelapse.aws;

import dev.place.shared.timelapse.JobJson;
import dev.place.shared.timelapse.JobLauncher;
import dev.place.shared.timelapse.TimelapseRequest;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Small jobs: an asynchronous invocation of the worker function, whose event is the job's JSON.
 * Lambda queues the event and answers 202 at once; the worker reports through the job's record.
 */
public final class LambdaJobLauncher implements JobLauncher {

  private final LambdaClient lambda;
  private final String function;

  public LambdaJobLauncher(LambdaClient lambda, String function) {
    this.lambda = lambda;
    this.function = function;
  }

  @Override
  public void launch(TimelapseRequest request) {
    InvokeResponse response = lambda.invoke(b -> b.functionName(function)
        .invocationType(InvocationType.EVENT)
        .payload(SdkBytes.fromUtf8String(JobJson.request(request))));
    if (response.statusCode() != 202) {
      throw new IllegalStateException("the worker function did not accept the job (status " + response.statusCode() + ")");
    }
  }
}
