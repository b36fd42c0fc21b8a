package dev.place.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import dev.place.shared.connection.ConnectionDirectory;
import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.Subscription;
import dev.place.shared.session.ConnectionState;

/**
 * An API Gateway connection as the handlers see it: its id and address from the event, its user and
 * delivery preferences in the connection registry (which the fanout reads). The user is looked up
 * once, and only by requests that need one (a ping never touches Redis).
 */
final class RegisteredConnection implements ConnectionState {

  private final APIGatewayV2WebSocketEvent event;
  private final ConnectionDirectory registry;
  private String userId;
  private boolean lookedUp;

  RegisteredConnection(APIGatewayV2WebSocketEvent event, ConnectionDirectory registry) {
    this.event = event;
    this.registry = registry;
  }

  @Override
  public String connectionId() {
    return WebSocketResponses.connectionId(event);
  }

  @Override
  public String userId() {
    if (!lookedUp) {
      userId = registry.userOf(connectionId());
      lookedUp = true;
    }
    return userId;
  }

  @Override
  public String sourceIp() {
    return WebSocketResponses.sourceIp(event);
  }

  @Override
  public void setEncoding(Encoding encoding) {
    registry.setEncoding(connectionId(), encoding);
  }

  @Override
  public void subscribe(Subscription subscription) {
    registry.subscribe(connectionId(), subscription);
  }
}
