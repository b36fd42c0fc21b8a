package dev.place.local.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import dev.place.functions.HistoryWriterHandler;
import dev.place.local.engine.EngineSettings;
import dev.place.local.engine.Engines;
import dev.place.local.lambda.LambdaFunction;
import dev.place.local.msk.KafkaEventSourceMapping;
import dev.place.shared.canvas.TileId;
import dev.place.shared.config.Environment;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.history.CassandraSessions;
import dev.place.shared.history.EventBuckets;
import dev.place.shared.history.HistoryCheck;
import dev.place.shared.history.SchemaInstaller;
import dev.place.shared.history.TileHistory;
import dev.place.shared.kafka.KafkaSettings;
import dev.place.shared.kafka.TopicInstaller;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How fast the history writer ingests pixel events into real Cassandra, through the code AWS runs:
 * the emulated MSK event source mapping invokes {@link HistoryWriterHandler} (decode, then
 * {@code HistoryStore.record} and the checkpoints) in emulated Lambda environments. The events are
 * produced to Kafka first, so each run measures the drain rate: how many events per second the
 * writer can take from the log, i.e. its ceiling, not the rate it is offered. Baseline in the same
 * run: the same rows written by the driver directly as async single-row inserts, no Kafka, no Lambda.
 *
 * <p>Every run ends with the history checked against the events ({@link HistoryCheck}: every
 * (tile, seq) in {@code pixel_events_by_day_v2}); a run that lost anything says so. Then the read
 * side of the bucketed layout: one tile's whole day read back over its 64 partitions.
 *
 * <p>{@code local/bench-history [--events 300000] [--writers 100x1,1000x1,1000x4] [--hot-share 0.25]
 * [--base-port 26000] [--no-docs]}; engines on fixed ports from the base port, data in
 * {@code target/bench-history}.
 */
public final class HistoryIngestBenchmark {

  /** One history writer configuration: the mapping's batch size and its pollers (concurrent invocations). */
  record Writer(int batchSize, int concurrency) {
    static Writer parse(String text) {
      String[] p = text.split("x");
      return new Writer(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
    }
  }

  record Options(int events, List<Writer> writers, double hotShare, int basePort, int inFlight, boolean docs) {
    static Options parse(String[] args) {
      int events = 300_000;
      List<Writer> writers = List.of(new Writer(100, 1), new Writer(1000, 1), new Writer(1000, 4));
      double hot = 0.25;
      int port = 26000;
      int inFlight = 128;
      boolean docs = true;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--events" -> events = Integer.parseInt(args[++i]);
          case "--writers" -> writers = java.util.Arrays.stream(args[++i].split(",")).map(Writer::parse).toList();
          case "--hot-share" -> hot = Double.parseDouble(args[++i]);
          case "--base-port" -> port = Integer.parseInt(args[++i]);
          case "--in-flight" -> inFlight = Integer.parseInt(args[++i]);
          case "--no-docs" -> docs = false;
          default -> throw new IllegalArgumentException("unknown option " + args[i]
              + "; usage: local/bench-history [--events N] [--writers 100x1,1000x4] [--hot-share 0.25] [--base-port 26000] [--in-flight 128] [--no-docs]");
        }
      }
      return new Options(events, writers, hot, port, inFlight, docs);
    }
  }

  /** One measured run. {@code missing} is the count of events not found in Cassandra afterwards. */
  record Result(String label, long events, long rows, double seconds, double loadStart, double loadEnd,
      double benchCores, double cassandraCores, long missing, long failures) {
    double eventsPerSecond() {
      return events / seconds;
    }
  }

  /** The read side: a tile's whole day read back from its buckets. */
  record ReadResult(String tile, int events, double millis) {}

  static final String TOPIC = "bench-history-events";
  static final TileId HOT = new TileId(3, 3);

  private HistoryIngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Path dataDir = Path.of("target/bench-history").toAbsolutePath();
    EngineSettings engineSettings = EngineSettings.builder().dataDir(dataDir).wipe(true)
        .redisPort(o.basePort()).kafkaPort(o.basePort() + 1).kafkaControllerPort(o.basePort() + 2)
        .cassandraPort(o.basePort() + 3).cassandraStoragePort(o.basePort() + 4)
        // A shared, loaded machine starts Cassandra in minutes rather than seconds.
        .startTimeout(Duration.ofMinutes(6)).build();
    System.out.printf("starting Redis, Kafka and Cassandra on ports %d-%d (data in %s)%n", o.basePort(), o.basePort() + 4, dataDir);
    try (Engines engines = Engines.start(engineSettings)) {
      PlaceConfig config = configure(engines);
      try (Admin admin = Admin.create(KafkaSettings.common(config))) {
        TopicInstaller.ensure(admin, TOPIC, (short) 1);
      }
      try (CqlSession unbound = CassandraSessions.openUnbound(config)) {
        SchemaInstaller.installLocal(unbound, config.cassandraKeyspace());
      }
      List<PixelEvent> events = SyntheticPlacements.generate(o.events(), config.canvasWidth(), config.canvasHeight(),
          config.tileSize(), HOT, o.hotShare(), 35_000, 42);
      long hotEvents = events.stream().filter(e -> e.tile().equals(HOT)).count();
      System.out.printf("%,d events (%,d on hot tile %s, %.0f %%), producing them to %s ...%n", events.size(), hotEvents, HOT,
          100.0 * hotEvents / events.size(), TOPIC);
      produce(config, events);
      long cassandraPid = engines.serverProcess("cassandra").pid(); // one of Engines.NAMES

      List<Result> results = new ArrayList<>();
      try (CqlSession session = CassandraSessions.open(config)) {
        truncate(session);
        results.add(print(rawInserts(session, events, o.inFlight(), cassandraPid)));
        for (Writer w : o.writers()) {
          truncate(session);
          results.add(print(writer(config, session, events, w, cassandraPid)));
        }
        // The last writer's rows stay: read a hot and a cold tile's day back over the buckets.
        List<ReadResult> reads = reads(session, config, events);
        reads.forEach(r -> System.out.printf("read %s: %,d events in %.1f ms%n", r.tile(), r.events(), r.millis()));
        String table = HistoryIngestReport.table(results, reads, o, hotEvents);
        System.out.println();
        System.out.println(table);
        if (o.docs()) {
          Path docs = Path.of("docs");
          HistoryIngestReport.plot(results, docs.resolve("history-ingest.png"));
          HistoryIngestReport.writeSection(docs.resolve("benchmarks.md"), table, LocalDate.now(ZoneOffset.UTC).toString());
          System.out.println("wrote docs/benchmarks.md (History ingest) and docs/history-ingest.png");
        }
      }
    }
    System.exit(0);
  }

  private static Result print(Result r) {
    System.out.printf("%s: %,.0f events/s (%,d events in %.2f s), missing %d, load %.1f→%.1f%n", r.label(), r.eventsPerSecond(),
        r.events(), r.seconds(), r.missing(), r.loadStart(), r.loadEnd());
    return r;
  }

  /** The variables the local cloud sets for its functions, pointed at these engines. */
  private static PlaceConfig configure(Engines engines) {
    InetSocketAddress cassandra = engines.cassandraContactPoint();
    Map<String, String> variables = new HashMap<>();
    variables.put("PLACE_REDIS_URI", engines.redisUri());
    variables.put("PLACE_KAFKA_BOOTSTRAP", engines.kafkaBootstrap());
    variables.put("PLACE_KAFKA_TOPIC", TOPIC);
    variables.put("PLACE_CASSANDRA_CONTACT_POINTS", cassandra.getHostString() + ":" + cassandra.getPort());
    variables.put("PLACE_CASSANDRA_LOCAL_DC", engines.cassandraLocalDatacenter());
    variables.put("AWS_REGION", "us-east-1");
    Environment.install(variables);
    return PlaceConfig.fromEnvironment();
  }

  private static void produce(PlaceConfig config, List<PixelEvent> events) throws Exception {
    var props = KafkaSettings.producer(config);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      AtomicReference<Exception> failed = new AtomicReference<>();
      for (PixelEvent e : events) {
        producer.send(new ProducerRecord<>(TOPIC, e.tile().toString(), PixelEventCodec.encodeUtf8(e)), (m, ex) -> {
          if (ex != null) {
            failed.set(ex);
          }
        });
      }
      producer.flush();
      if (failed.get() != null) {
        throw failed.get();
      }
    }
  }

  private static void truncate(CqlSession session) {
    for (String statement : SchemaInstaller.statements()) {
      session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance(
          "TRUNCATE " + SchemaInstaller.tableName(statement)).setTimeout(Duration.ofSeconds(60)));
    }
  }

  /**
   * Baseline: the writer's three rows per event as async single-row inserts straight from the
   * driver, at most {@code inFlight} outstanding (the driver's per-connection cap is 1,024).
   */
  private static Result rawInserts(CqlSession session, List<PixelEvent> events, int inFlight, long cassandraPid) throws Exception {
    PreparedStatement byDay = session.prepare("INSERT INTO pixel_events_by_day_v2 (day, tile, bucket, seq, x, y, color, user_id, placed_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    PreparedStatement byPixel = session.prepare("INSERT INTO pixel_history (x, y, seq, color, user_id, placed_at) VALUES (?, ?, ?, ?, ?, ?)");
    PreparedStatement byUser = session.prepare("INSERT INTO user_placements (user_id, placed_at, tile, seq, x, y, color) VALUES (?, ?, ?, ?, ?, ?, ?)");
    Semaphore permits = new Semaphore(inFlight);
    java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
    Measure m = Measure.start(cassandraPid);
    for (PixelEvent e : events) {
      Instant at = Instant.ofEpochMilli(e.placedAtMillis());
      String tile = e.tile().toString();
      var rows = List.of(
          byDay.bind(LocalDate.ofInstant(at, ZoneOffset.UTC), tile, EventBuckets.of(e.seq()), e.seq(), e.x(), e.y(), (byte) e.colour(), e.userId(), at),
          byPixel.bind(e.x(), e.y(), e.seq(), (byte) e.colour(), e.userId(), at),
          byUser.bind(e.userId(), at, tile, e.seq(), e.x(), e.y(), (byte) e.colour()));
      for (var row : rows) {
        permits.acquire();
        session.executeAsync(row).whenComplete((r, ex) -> {
          if (ex != null) {
            failed.incrementAndGet(); // counted, not retried: the check afterwards shows what it lost
          }
          permits.release();
        });
      }
    }
    permits.acquire(inFlight);
    Result r = m.stop("baseline: driver async single-row inserts, " + inFlight + " in flight (no Kafka, no Lambda)",
        events.size(), events.size() * 3L, 0, failed.get());
    return new Result(r.label(), r.events(), r.rows(), r.seconds(), r.loadStart(), r.loadEnd(), r.benchCores(),
        r.cassandraCores(), missing(session, events), r.failures());
  }

  private static Result writer(PlaceConfig config, CqlSession session, List<PixelEvent> events, Writer w, long cassandraPid)
      throws Exception {
    String group = "bench-history-" + UUID.randomUUID();
    KafkaEventSourceMapping.Settings settings = new KafkaEventSourceMapping.Settings(w.batchSize(), Duration.ofMillis(200), w.concurrency());
    try (LambdaFunction function = LambdaFunction.builder("place-history-writer").handler(HistoryWriterHandler.class)
            .maxConcurrency(w.concurrency()).timeout(Duration.ofMinutes(5)).build();
        KafkaEventSourceMapping mapping = new KafkaEventSourceMapping(config.kafkaBootstrap(), TOPIC, group, function, settings)) {
      mapping.start();
      // The clock starts at the first invocation: the consumer group's join is not the writer's work.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (mapping.invocations() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      Measure m = Measure.start(cassandraPid);
      deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (mapping.recordsDelivered() < events.size() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      long delivered = mapping.recordsDelivered();
      Result partial = m.stop(String.format("HistoryWriterHandler via the emulated MSK mapping, batch %d, concurrency %d",
          w.batchSize(), w.concurrency()), delivered, delivered * 3, 0, mapping.failures());
      return new Result(partial.label(), partial.events(), partial.rows(), partial.seconds(), partial.loadStart(), partial.loadEnd(),
          partial.benchCores(), partial.cassandraCores(), missing(session, events), partial.failures());
    }
  }

  private static long missing(CqlSession session, List<PixelEvent> events) {
    HistoryCheck check = new HistoryCheck();
    check.addFromKafka(events);
    return check.compare(session).stream().mapToLong(HistoryCheck.DayTile::missing).sum();
  }

  private static List<ReadResult> reads(CqlSession session, PlaceConfig config, List<PixelEvent> events) {
    TileHistory history = new TileHistory(session, config.tileSize());
    TileId cold = events.stream().map(PixelEvent::tile).filter(t -> !t.equals(HOT)).findFirst().orElse(HOT);
    List<ReadResult> reads = new ArrayList<>();
    for (int round = 0; round < 3; round++) { // the first read of each warms the driver's statements and caches
      reads.clear();
      for (TileId tile : List.of(HOT, cold)) {
        long t0 = System.nanoTime();
        int n = history.events(history.start(tile, Long.MAX_VALUE), System.currentTimeMillis()).size();
        reads.add(new ReadResult(tile + (tile.equals(HOT) ? " (hot)" : " (cold)"), n, (System.nanoTime() - t0) / 1e6));
      }
    }
    return reads;
  }

  /** Wall time, load average, and the CPU of this JVM (the writer) and of Cassandra over one run. */
  private record Measure(long wallNanos, double load, long selfCpu, long cassandraCpu, long cassandraPid) {
    static Measure start(long cassandraPid) {
      return new Measure(System.nanoTime(), ProcStats.loadAverage(), ProcStats.selfCpuNanos(), ProcStats.cpuNanos(cassandraPid), cassandraPid);
    }

    Result stop(String label, long events, long rows, long missing, long failures) {
      double seconds = (System.nanoTime() - wallNanos) / 1e9;
      double bench = (ProcStats.selfCpuNanos() - selfCpu) / 1e9 / seconds;
      double cassandra = (ProcStats.cpuNanos(cassandraPid) - cassandraCpu) / 1e9 / seconds;
      return new Result(label, events, rows, seconds, load, ProcStats.loadAverage(), bench, cassandra, missing, failures);
    }
  }
}
