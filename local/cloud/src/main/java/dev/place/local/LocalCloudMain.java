package dev.place.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code local/run}: starts the local cloud, prints where everything is, stops it all on Ctrl-C. */
public final class LocalCloudMain {

  private static final String USAGE = """
      usage: local/run [--wipe] [--data-dir DIR] [--http-port N] [--ws-port N] [--lambda-port N] [--edge-port N]
                       [--redis-port N] [--kafka-port N] [--cassandra-port N]
        --wipe          delete the engines' data and the timelapse videos first (default: keep the
                        canvas, history and videos)
        --data-dir DIR  where Redis, Kafka and Cassandra keep their data (default .place/data)
        --http-port N   web client, snapshots and REST API (default 3000)
        --ws-port N     WebSocket API and its @connections endpoint (default 3001)
        --lambda-port N the Lambda Invoke API, which runs the timelapse worker (default 3002)
        --edge-port N   the edge: WebSockets served by the fanout service itself (default 3003)
        --redis-port N, --kafka-port N, --cassandra-port N
                        the engines (defaults 16379, 19092, 19042)
      Configuration variables (PLACE_COOLDOWN_SECONDS, ...) are read from the environment; see docs/operations.md.
      """;

  private LocalCloudMain() {}

  public static void main(String[] args) throws InterruptedException {
    LocalCloudSettings settings;
    try {
      settings = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    if (settings == null) {
      System.out.print(USAGE);
      return;
    }
    System.out.println("Starting the place local cloud (Redis, Kafka, Cassandra, API Gateway emulation, fanout)...");
    LocalCloud cloud;
    try {
      cloud = LocalCloud.start(settings);
    } catch (RuntimeException e) {
      // Everything already started was stopped; say what went wrong without a stack trace.
      System.err.println("\nThe local cloud could not start: " + e.getMessage());
      System.err.println("Engine logs are in " + settings.dataDir().toAbsolutePath() + "/<engine>.log");
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("\nStopping the local cloud...");
      cloud.close();
      System.out.println("Stopped.");
      stopped.countDown();
    }, "local-cloud-shutdown"));
    System.out.print(banner(cloud, settings));
    stopped.await();
  }

  static LocalCloudSettings parse(String[] args) {
    LocalCloudSettings d = LocalCloudSettings.defaults();
    Path dataDir = d.dataDir();
    boolean wipe = false;
    int http = d.httpPort();
    int ws = d.webSocketPort();
    int lambda = d.lambdaPort();
    int edge = d.edgePort();
    int redis = d.redisPort();
    int kafka = d.kafkaPort();
    int cassandra = d.cassandraPort();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--wipe" -> wipe = true;
        case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
        case "--http-port" -> http = port(value(args, ++i, "--http-port"));
        case "--ws-port" -> ws = port(value(args, ++i, "--ws-port"));
        case "--lambda-port" -> lambda = port(value(args, ++i, "--lambda-port"));
        case "--edge-port" -> edge = port(value(args, ++i, "--edge-port"));
        case "--redis-port" -> redis = port(value(args, ++i, "--redis-port"));
        case "--kafka-port" -> kafka = port(value(args, ++i, "--kafka-port"));
        case "--cassandra-port" -> cassandra = port(value(args, ++i, "--cassandra-port"));
        case "-h", "--help" -> {
          return null;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    // The controller and storage ports follow the client ports, so one flag moves an engine.
    int kafkaController = kafka == d.kafkaPort() ? d.kafkaControllerPort() : kafka + 1;
    int cassandraStorage = cassandra == d.cassandraPort() ? d.cassandraStoragePort() : cassandra + 1;
    return new LocalCloudSettings(dataDir, wipe, http, ws, lambda, edge, redis, kafka, kafkaController, cassandra, cassandraStorage,
        Map.of());
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("a port is 1 to 65535, got " + text);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a port is a number, got " + text);
    }
  }

  static String banner(LocalCloud cloud, LocalCloudSettings settings) {
    Map<String, Long> t = cloud.startupMillis();
    var c = cloud.config();
    return String.format("""

        place local cloud is up in %.1f s (engines %.1f s, schema %.1f s, APIs and services %.1f s)

          Web client & REST API   %s
          Sign-in provider        %s (OpenID Connect; sign in as any test user)
          Get a guest session     curl -s -X POST %s/api/v1/session
          Get a connect ticket    curl -s -X POST -H 'Authorization: Bearer <token>' %s/api/v1/connect-ticket
          WebSocket API           %s?ticket=<ticket>
          Edge WebSocket          %s?ticket=<ticket> (the fanout's own sockets; docs/architecture.md)
          @connections endpoint   %s
          Lambda API              %s (timelapse worker: aws lambda invoke --endpoint-url)
          Redis                   %s
          Kafka                   %s (topic %s)
          Cassandra               %s (keyspace %s)
          Data                    %s%s

        Press Ctrl-C to stop everything.
        """,
        t.get("total") / 1000.0, t.get("engines") / 1000.0, t.get("schema") / 1000.0,
        (t.get("apis") + t.get("services")) / 1000.0,
        cloud.httpUrl(), c.identity().oidcIssuer(), cloud.httpUrl(), cloud.httpUrl(), cloud.webSocketUrl(), cloud.edgeUrl(), cloud.connectionsEndpoint(), cloud.lambdaEndpoint(),
        c.redisUri(), c.kafkaBootstrap(), c.kafkaTopic(), c.cassandraContactPoints(), c.cassandraKeyspace(),
        settings.dataDir().toAbsolutePath(), settings.wipe() ? " (wiped at start)" : " (kept across restarts; --wipe starts empty)");
  }
}
