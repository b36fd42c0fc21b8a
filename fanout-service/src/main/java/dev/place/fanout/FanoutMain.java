package dev.place.fanout;

import dev.place.fanout.edge.Admission;
import dev.place.fanout.edge.EdgeServer;
import dev.place.fanout.edge.EdgeSettings;
import dev.place.shared.auth.ConnectAuthenticator;
import dev.place.shared.auth.GuestCooldowns;
import dev.place.shared.auth.TokenService;
import dev.place.shared.placement.Cooldowns;
import dev.place.shared.redis.RedisBans;
import dev.place.shared.session.LocalMessageLimit;
import dev.place.shared.session.MessageLimit;
import dev.place.shared.redis.RedisConnectTickets;
import dev.place.shared.redis.RedisSessionRevocations;
import dev.place.shared.redis.RedisSignOutNotices;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.config.SecretValues;
import dev.place.shared.kafka.KafkaEventPublisher;
import dev.place.shared.placement.PlacementService;
import dev.place.shared.redis.RedisCooldowns;
import dev.place.shared.session.ClientRequests;
import dev.place.shared.wiring.PlacementWiring;
import java.time.Clock;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.redis.RedisCanvasStore;
import dev.place.shared.redis.RedisConnector;
import dev.place.shared.resize.CanvasSizes;
import dev.place.shared.resize.LiveCanvas;
import dev.place.shared.snapshot.RedisTileSource;
import dev.place.shared.snapshot.SnapshotLease;
import dev.place.shared.snapshot.SnapshotPublisher;
import dev.place.shared.snapshot.SnapshotService;
import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Entry point of the fanout service (the ECS task's command, or a thread of the local cloud). */
public final class FanoutMain {

  private FanoutMain() {}

  public static void main(String[] args) throws InterruptedException {
    PlaceConfig config = PlaceConfig.fromEnvironment();
    FanoutService service = new FanoutService(config, connectionsClient(config));
    SnapshotService snapshots = config.snapshotBucket().isEmpty() ? null : s3Snapshots(config);
    RedisConnector edgeRedis = config.delivery().edge() ? new RedisConnector(config) : null;
    EdgeServer edge = edgeRedis == null ? null : edge(config, edgeRedis);
    AutoCloseable signOuts = edge == null ? null : endSignedOutSessions(edge, edgeRedis);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (snapshots != null) {
        snapshots.close();
      }
      service.close();
      if (edge != null) {
        closeQuietly(signOuts);
        edge.close();
        edgeRedis.close();
      }
    }, "fanout-shutdown"));
    if (edge != null) {
      edge.start();
      service.addSink(edge);
    }
    service.start();
    if (snapshots != null) {
      snapshots.start();
    }
    Thread.currentThread().join();
  }

  /**
   * The edge (docs/architecture.md, Delivery modes): client WebSockets terminated by this service,
   * answered by the same {@link ClientRequests} as the Lambda handlers, placing through the same
   * production placement path. Not started; the caller owns {@code redis}.
   */
  public static EdgeServer edge(PlaceConfig config, RedisConnector redis) {
    CanvasGeometry canvas = new CanvasGeometry(config.canvasWidth(), config.canvasHeight(), config.tileSize());
    LiveCanvas liveCanvas = LiveCanvas.of(canvas, new CanvasSizes(redis));
    // Guests wait their longer cooldown here too, as in the place function (Dependencies.cooldowns).
    Cooldowns cooldowns = GuestCooldowns.around(new RedisCooldowns(redis), config.cooldown(), config.identity().guestCooldown());
    PlacementService placement = PlacementWiring.placementService(config, redis, cooldowns, liveCanvas,
        new KafkaEventPublisher(config));
    // Counted in memory, per socket: this process holds the connection, so it sees every message of it.
    MessageLimit messages = config.antiAbuse().limitsConnectionMessages()
        ? new LocalMessageLimit(config.antiAbuse().connectionMessageLimit(), config.antiAbuse().connectionMessageWindow())
        : MessageLimit.OFF;
    ClientRequests requests = new ClientRequests(config, () -> placement, cooldowns, liveCanvas, messages,
        PlacementWiring.challengeGate(config, redis), Clock.systemUTC());
    TokenService tokens = new TokenService(SecretValues.tokenSecret(config), config.tokenTtl());
    // The same admission rule as $connect: single-use tickets, session tokens checked for revocation,
    // banned users refused (also with a ticket bought just before the ban).
    ConnectAuthenticator authenticator = new ConnectAuthenticator(tokens, new RedisConnectTickets(redis),
        new RedisSessionRevocations(redis, config.tokenTtl()), new RedisBans(redis), config.identity().ticketTtl());
    return new EdgeServer(EdgeSettings.of(config.delivery()), Admission.of(authenticator), requests, config.tileSize());
  }

  /** Closes the sockets of every user who signs out anywhere, until the handle is closed. */
  public static AutoCloseable endSignedOutSessions(EdgeServer edge, RedisConnector redis) {
    return new RedisSignOutNotices(redis).listen(edge::closeSessionsOf);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Shutting down: nothing is listening for the answer.
    }
  }

  /**
   * The snapshot publisher of an AWS deployment: every fanout task runs one, and a Redis lease lets
   * one of them publish at a time (a pass a second, to the CDN's bucket).
   */
  static SnapshotService s3Snapshots(PlaceConfig config) {
    RedisConnector redis = new RedisConnector(config);
    CanvasGeometry canvas = new CanvasGeometry(config.canvasWidth(), config.canvasHeight(), config.tileSize());
    S3Client s3 = S3Client.builder().region(Region.of(config.awsRegion()))
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    SnapshotPublisher publisher = new SnapshotPublisher(new RedisTileSource(redis, new RedisCanvasStore(redis, canvas)),
        new S3SnapshotStore(s3, config.snapshotBucket(), config.snapshotPrefix()), LiveCanvas.of(canvas, new CanvasSizes(redis)));
    SnapshotLease lease = new SnapshotLease(redis, "snapshots-" + UUID.randomUUID(), 5_000);
    return new SnapshotService(publisher, Duration.ofSeconds(1), () -> {
      s3.close();
      redis.close();
    }, lease);
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
        // No retries inside the SDK: ConnectionPusher retries itself, after checking the lease fence; a
        // retry the SDK made on its own could land after the next holder of the bucket has begun.
        .overrideConfiguration(o -> o.apiCallTimeout(config.fanoutPostTimeout()).retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }
}
