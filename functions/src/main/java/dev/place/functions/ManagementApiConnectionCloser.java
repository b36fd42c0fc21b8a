package dev.place.functions;

import dev.place.shared.config.PlaceConfig;
import dev.place.shared.connection.ConnectionCloser;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * {@link ConnectionCloser} over the {@code @connections} API (PLACE_CONNECTIONS_ENDPOINT: the stage's
 * callback URL in AWS, the emulator's locally). The client is built at the first close, so functions
 * that never sign anyone out never pay for it.
 */
final class ManagementApiConnectionCloser implements ConnectionCloser {

  private final PlaceConfig config;
  private ApiGatewayManagementApiClient client;

  ManagementApiConnectionCloser(PlaceConfig config) {
    this.config = config;
  }

  @Override
  public boolean close(String connectionId) {
    try {
      client().deleteConnection(r -> r.connectionId(connectionId));
      return true;
    } catch (GoneException alreadyClosed) {
      return false;
    }
  }

  private synchronized ApiGatewayManagementApiClient client() {
    if (client == null) {
      client = ApiGatewayManagementApiClient.builder()
          .endpointOverride(config.connectionsEndpoint())
          .region(Region.of(config.awsRegion()))
          .httpClientBuilder(UrlConnectionHttpClient.builder())
          .build();
    }
    return client;
  }
}
