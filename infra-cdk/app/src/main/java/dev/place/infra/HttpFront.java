package dev.place.infra;

import java.util.List;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

/** The HTTP API for {@code /api/v1/...}: Lambda proxy routes, CORS for the web client, throttling, access logs. */
public final class HttpFront extends Construct {

  private final HttpApi api;

  public HttpFront(Construct scope, String id, int rateLimit, int burstLimit) {
    super(scope, id);
    api = HttpApi.Builder.create(this, "Api")
        .apiName(scope.getNode().getId() + "-http")
        .createDefaultStage(false)
        .corsPreflight(CorsPreflightOptions.builder()
            .allowOrigins(List.of("*"))
            .allowMethods(List.of(CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.DELETE))
            .allowHeaders(List.of("content-type", "authorization"))
            .build())
        .build();
    HttpStage stage = HttpStage.Builder.create(this, "Stage")
        .httpApi(api).stageName("$default").autoDeploy(true)
        .throttle(ThrottleSettings.builder().rateLimit(rateLimit).burstLimit(burstLimit).build())
        .build();
    WebSocketFront.AccessLogs.enable(this, (CfnStage) stage.getNode().getDefaultChild(),
        "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\",\"routeKey\":\"$context.routeKey\","
            + "\"status\":\"$context.status\",\"latency\":\"$context.responseLatency\",\"error\":\"$context.error.message\"}");
  }

  public void route(String method, String path, String id, IFunction handler) {
    api.addRoutes(AddRoutesOptions.builder()
        .path(path)
        .methods(List.of(HttpMethod.valueOf(method)))
        .integration(new HttpLambdaIntegration(id + "Integration", handler))
        .build());
  }

  public String url() {
    return api.getApiEndpoint();
  }
}
