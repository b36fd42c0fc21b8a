package dev.place.local.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.util.List;
import java.util.Map;

/** A typed HTTP API handler deployed by class: reports what it was given, with a cookie and a custom header. */
public class PixelHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    String body = "x=" + event.getPathParameters().get("x")
        + " y=" + event.getPathParameters().get("y")
        + " color=" + (event.getQueryStringParameters() == null ? null : event.getQueryStringParameters().get("color"))
        + " route=" + event.getRouteKey()
        + " method=" + event.getRequestContext().getHttp().getMethod()
        + " cookies=" + event.getCookies();
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(201)
        .withHeaders(Map.of("content-type", "text/plain", "x-pixel", "set"))
        .withCookies(List.of("session=abc; Path=/", "theme=dark"))
        .withBody(body)
        .build();
  }
}
