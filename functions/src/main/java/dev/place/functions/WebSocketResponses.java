package dev.place.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;

/** Builds handler results; on two-way routes API Gateway sends the body to the client. */
final class WebSocketResponses {

  private WebSocketResponses() {}

  static APIGatewayV2WebSocketResponse reply(int status, String body) {
    APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
    response.setStatusCode(status);
    response.setBody(body);
    return response;
  }

  static String connectionId(APIGatewayV2WebSocketEvent event) {
    return event.getRequestContext() == null ? null : event.getRequestContext().getConnectionId();
  }

  static String sourceIp(APIGatewayV2WebSocketEvent event) {
    var context = event.getRequestContext();
    if (context == null || context.getIdentity() == null || context.getIdentity().getSourceIp() == null) {
      return "unknown";
    }
    return context.getIdentity().getSourceIp();
  }
}
