package dev.place.local.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** The {@link Context} of one invocation, with names shaped like the ones Lambda hands out. */
final class InvocationContext implements Context {

  private final String requestId;
  private final String functionName;
  private final String invokedFunctionArn;
  private final String logStreamName;
  private final int memoryLimitInMb;
  private final long deadlineMillis;
  private final LambdaLogger logger;

  InvocationContext(String requestId, String functionName, String invokedFunctionArn, String logStreamName,
      int memoryLimitInMb, long deadlineMillis, LambdaLogger logger) {
    this.requestId = requestId;
    this.functionName = functionName;
    this.invokedFunctionArn = invokedFunctionArn;
    this.logStreamName = logStreamName;
    this.memoryLimitInMb = memoryLimitInMb;
    this.deadlineMillis = deadlineMillis;
    this.logger = logger;
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return logStreamName;
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return invokedFunctionArn;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return memoryLimitInMb;
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }
}
