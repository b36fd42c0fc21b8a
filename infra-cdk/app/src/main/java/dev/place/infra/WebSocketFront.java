package dev.place.infra;

import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The WebSocket API: route selection on {@code $request.body.action}, one stage with throttling
 * and JSON access logs. Routes are added after the functions exist ({@link #route}); the API and
 * stage come first because the functions' configuration names the stage's {@code @connections} URL.
 */
public final class WebSocketFront extends Construct {

  public static final String STAGE = "live";

  private final WebSocketApi api;
  private final WebSocketStage stage;

  public WebSocketFront(Construct scope, String id, int rateLimit, int burstLimit) {
    super(scope, id);
    api = WebSocketApi.Builder.create(this, "Api")
        .apiName(scope.getNode().getId() + "-ws")
        .routeSelectionExpression("$request.body.action")
        .build();
    stage = WebSocketStage.Builder.create(this, "Stage")
        .webSocketApi(api).stageName(STAGE).autoDeploy(true)
        .throttle(ThrottleSettings.builder().rateLimit(rateLimit).burstLimit(burstLimit).build())
        .build();
    AccessLogs.enable(this, (CfnStage) stage.getNode().getDefaultChild(),
        "{\"requestId\":\"$context.requestId\",\"connectionId\":\"$context.connectionId\",\"routeKey\":\"$context.routeKey\","
            + "\"eventType\":\"$context.eventType\",\"status\":\"$context.status\",\"ip\":\"$context.identity.sourceIp\","
            + "\"integrationLatency\":\"$context.integrationLatency\",\"error\":\"$context.error.message\"}");
  }

  /** Adds a route; a two-way route returns the handler's body to the client as the answer. */
  public void route(String routeKey, IFunction handler, boolean twoWay) {
    String id = routeKey.replace("$", "") + "Integration";
    api.addRoute(routeKey, WebSocketRouteOptions.builder()
        .integration(new WebSocketLambdaIntegration(id, handler))
        .returnResponse(twoWay)
        .build());
  }

  /**
   * {@code execute-api:ManageConnections} on this API's stage only (POST to send, GET and DELETE
   * on a connection), never on other APIs or stages of the account.
   */
  public void grantManageConnections(IGrantable grantee) {
    grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
        .actions(List.of("execute-api:ManageConnections"))
        .resources(List.of(managementArn("POST"), managementArn("GET"), managementArn("DELETE")))
        .build());
  }

  /** DELETE on a connection of this API's stage only: closing sockets, not sending to them. */
  public void grantCloseConnections(IGrantable grantee) {
    grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
        .actions(List.of("execute-api:ManageConnections"))
        .resources(List.of(managementArn("DELETE")))
        .build());
  }

  private String managementArn(String method) {
    return "arn:" + Aws.PARTITION + ":execute-api:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":" + api.getApiId()
        + "/" + STAGE + "/" + method + "/@connections/*";
  }

  /** The {@code @connections} endpoint, PLACE_CONNECTIONS_ENDPOINT. */
  public String callbackUrl() {
    return "https://" + api.getApiId() + ".execute-api." + Aws.REGION + "." + Aws.URL_SUFFIX + "/" + STAGE;
  }

  /** What clients connect to. */
  public String url() {
    return "wss://" + api.getApiId() + ".execute-api." + Aws.REGION + "." + Aws.URL_SUFFIX + "/" + STAGE;
  }

  public String apiId() {
    return api.getApiId();
  }

  /** Shared by both APIs: a log group that goes with the stack, wired to a stage. */
  static final class AccessLogs {
    private AccessLogs() {}

    static void enable(Construct scope, CfnStage stage, String format) {
      LogGroup logs = LogGroup.Builder.create(scope, "AccessLogs")
          .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.DESTROY).build();
      stage.setAccessLogSettings(CfnStage.AccessLogSettingsProperty.builder()
          .destinationArn(logs.getLogGroupArn()).format(format).build());
    }
  }
}
