package dev.place.fanout;

import dev.place.shared.config.PlaceConfig;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;

/** Entry point of the fanout service (the ECS task's command, or a thread of the local cloud). */
public final class FanoutMain {

  private FanoutMain() {}

  public static void main(String[] args) throws InterruptedException {
    PlaceConfig config = PlaceConfig.fromEnvironment();
    FanoutService service = new FanoutService(config, connectionsClient(config));
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "fanout-shutdown"));
    service.start();
    Thread.currentThread().join();
  }

  /**
   * The {@code @connections} client. Its endpoint is the WebSocket API's stage URL: in AWS
   * {@code https://{api}.execute-api.{region}.amazonaws.com/{stage}}, locally the emulator's. The
   * credentials come from the default chain in both (the local cloud sets dummy ones).
   */
  public static ApiGatewayManagementApiAsyncClient connectionsClient(PlaceConfig config) {
    return ApiGatewayManagementApiAsyncClient.builder()
        .endpointOverride(config.connectionsEndpoint())
        .region(Region.of(config.awsRegion()))
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .maxConcurrency(config.fanoutConcurrency())
            .connectionAcquisitionTimeout(config.fanoutPostTimeout()))
        .overrideConfiguration(o -> o.apiCallTimeout(config.fanoutPostTimeout()))
        .build();
  }
}
