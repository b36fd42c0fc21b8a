package dev.place.fanout;

import dev.place.fanout.edge.EdgeServer;
import dev.place.fanout.edge.EdgeStats;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileId;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.delivery.FanoutStatus;
import dev.place.shared.delivery.TileRun;
import dev.place.shared.event.MalformedEventException;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.kafka.KafkaEventPublisher;
import dev.place.shared.kafka.KafkaSettings;
import dev.place.shared.redis.BucketLeases;
import dev.place.shared.redis.ConnectionRegistry;
import dev.place.shared.redis.JournalRelay;
import dev.place.shared.redis.RedisCanvasStore;
import dev.place.shared.redis.RedisConnector;
import dev.place.shared.redis.RedisFanoutStatusBoard;
import dev.place.shared.redis.RedisTileSequences;
import dev.place.shared.resize.CanvasSizes;
import dev.place.shared.resize.LiveCanvas;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;

/**
 * Reads every partition of the pixel topic and, once per interval, turns the interval's updates
 * into tile runs once and hands them to its delivery sinks: API Gateway mode (the connections of
 * the registry buckets this instance leases) when enabled, plus any sink added before {@link
 * #start()} (the edge). Empty intervals send nothing. Also runs the journal relay (one instance at
 * a time).
 */
public final class FanoutService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FanoutService.class);
  /**
   * Takeover bound: a dead or stalled holder's buckets pass to another instance at most {@code
   * LEASE_MILLIS + REBALANCE_EVERY_MILLIS} (9 s) after its last successful renewal; the stalled one
   * stops sending {@code safety margin} (post timeout + 1 s) before its lease can expire.
   */
  static final long LEASE_MILLIS = 8_000;
  static final long REBALANCE_EVERY_MILLIS = 1_000;
  /**
   * How long a taken-over bucket waits for this instance to reach its last holder's cut. Past it the
   * bucket is delivered to anyway (a connection may then see sequences it has again: logged), since
   * an instance that far behind the other is the bigger problem; its reorder buffer resolves a gap
   * within about a second, so this is only reached when it lags.
   */
  private static final long HANDOVER_WAIT_MILLIS = 3_000;

  private final PlaceConfig config;
  private final String instanceId = "fanout-" + UUID.randomUUID();
  private final RedisConnector redis;
  private final ConnectionRegistry registry;
  private final BucketLeases leases;
  /** Null when API Gateway delivery is off (edge only). */
  private final ApiGatewayDelivery apiGateway;
  private final List<BatchSink> sinks = new CopyOnWriteArrayList<>();
  private final ApiGatewayManagementApiAsyncClient api;
  private final KafkaEventPublisher relayPublisher;
  private final JournalRelay relay;
  private final KafkaConsumer<String, byte[]> consumer;
  private final TileReorderBuffer buffer;
  private final JournalLookup journal;
  /** The interval thread's own: what was released lately, for handovers and the cut. */
  private final ReleasedHistory history = new ReleasedHistory();
  private final Object handoverLock = new Object();
  /** Buckets taken but not yet caught up (under handoverLock): bucket → its last holder's cut. */
  private final Map<Integer, PendingHandover> handovers = new java.util.HashMap<>();
  /** The released watermarks as of the last interval, for the cuts of buckets given back (written by the interval's thread). */
  private volatile ReleasedHistory.Marks marks = ReleasedHistory.Marks.NONE;
  private long positionFailureLoggedAt;
  private final FanoutMetrics metrics = new FanoutMetrics();
  private final ResizeAnnouncer resizes;
  private final LiveCanvas liveCanvas;
  private final RedisFanoutStatusBoard statusBoard;
  /** Written by the poll thread. */
  private volatile long consumerLagRecords;
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "fanout-scheduler");
    t.setDaemon(true);
    return t;
  });
  private final ExecutorService dispatcher = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "fanout-dispatch");
    t.setDaemon(true);
    return t;
  });
  private final Thread pollThread;
  private volatile boolean running = true;
  private volatile Set<Integer> heldBuckets = Set.of();
  /** Held buckets whose connections are caught up: the ones delivered to. */
  private volatile Set<Integer> deliverable = Set.of();

  private record PendingHandover(HandoverCut cut, long sinceMillis) {}

  public FanoutService(PlaceConfig config, ApiGatewayManagementApiAsyncClient api) {
    this.config = config;
    this.api = api;
    this.redis = new RedisConnector(config);
    this.registry = new ConnectionRegistry(redis, config.registryBuckets());
    // The old holder's last call must have finished before its lease can expire: the margin covers it.
    long safetyMargin = Math.min(LEASE_MILLIS / 2, config.fanoutPostTimeout().toMillis() + 1_000);
    this.leases = new BucketLeases(redis, instanceId, config.registryBuckets(), LEASE_MILLIS, safetyMargin,
        System::nanoTime);
    if (config.delivery().apiGateway()) {
      GatewayMessages messages = new GatewayMessages(config.tileSize(), GatewayMessages.MAX_MESSAGE_BYTES);
      ConnectionPusher pusher = new ConnectionPusher(api, config.fanoutConcurrency(), messages,
          System::currentTimeMillis, dispatcher, id -> leases.fence().maySend(registry.bucketOf(id)));
      this.apiGateway = new ApiGatewayDelivery(new OwnedConnections(OwnedConnections.Source.of(registry)),
          () -> deliverable, messages, pusher, registry::unregister, System::currentTimeMillis);
      sinks.add(apiGateway);
    } else {
      this.apiGateway = null;
    }
    CanvasGeometry canvas = new CanvasGeometry(config.canvasWidth(), config.canvasHeight(), config.tileSize());
    this.liveCanvas = LiveCanvas.of(canvas, new CanvasSizes(redis));
    this.statusBoard = new RedisFanoutStatusBoard(redis);
    this.relayPublisher = new KafkaEventPublisher(config);
    this.relay = new JournalRelay(redis, new RedisCanvasStore(redis, canvas), relayPublisher, liveCanvas, instanceId,
        Duration.ofMillis(Math.max(5_000, config.produceTimeout().toMillis() * 2)), config.produceTimeout());
    this.resizes = new ResizeAnnouncer(liveCanvas);
    // Waiting up to one interval for a missing sequence keeps place-to-visible under 500 ms at p99;
    // then the tile's journal is asked, and only if neither has it within a second is it resynced.
    long gapWait = Math.max(50, config.fanoutInterval().toMillis());
    this.buffer = new TileReorderBuffer(gapWait, Math.max(1_000, 5 * gapWait), config.tileSize());
    this.journal = JournalLookup.of(redis);
    this.consumer = new KafkaConsumer<>(KafkaSettings.consumer(config, instanceId));
    this.pollThread = new Thread(this::pollLoop, "fanout-poll");
  }

  /** Another way to reach clients (the edge); before {@link #start()}. */
  public void addSink(BatchSink sink) {
    if (pollThread.isAlive()) {
      throw new IllegalStateException("sinks are added before the fanout starts");
    }
    sinks.add(sink);
  }

  public void start() {
    List<TopicPartition> partitions = new ArrayList<>();
    consumer.partitionsFor(config.kafkaTopic(), Duration.ofSeconds(30))
        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    consumer.assign(partitions);
    // Clients load snapshots and resynchronise; replaying old events to them would only be noise.
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    // Read after the seek: an event the consumer will not see is at or below these.
    Map<TileId, Long> sequences = new HashMap<>();
    RedisTileSequences tileSequences = new RedisTileSequences(redis);
    for (TileId tile : liveCanvas.get().allTiles()) {
      sequences.put(tile, tileSequences.current(tile));
    }
    synchronized (buffer) {
      buffer.seed(sequences);
    }
    if (apiGateway != null) {
      rebalance(System.currentTimeMillis());
      // The SDK's first call builds its pipeline and connection (hundreds of ms); pay that now, not
      // on the first batch. A made-up connection id answers 410, which is all this needs.
      api.getConnection(b -> b.connectionId("warm-up-call=")).exceptionally(e -> null);
    }
    pollThread.start();
    try {
      statusBoard.report(status(System.currentTimeMillis())); // health is true from the start
    } catch (RuntimeException e) {
      LOG.warn("could not report this instance's status: {}", e.toString());
    }
    long interval = config.fanoutInterval().toMillis();
    scheduler.scheduleAtFixedRate(this::tickSafely, interval, interval, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(this::housekeepingSafely, REBALANCE_EVERY_MILLIS, REBALANCE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    if (config.fanoutEmfMetrics()) {
      scheduler.scheduleAtFixedRate(this::reportMetrics, 60, 60, TimeUnit.SECONDS);
    }
    LOG.info("fanout {} reading {} partitions of {}, holding {} of {} buckets, interval {} ms",
        instanceId, partitions.size(), config.kafkaTopic(), heldBuckets.size(), config.registryBuckets(), interval);
  }

  private void pollLoop() {
    while (running) {
      try {
        var records = consumer.poll(Duration.ofMillis(50));
        consumerLagRecords = currentLag();
        if (records.isEmpty()) {
          continue;
        }
        long now = System.currentTimeMillis();
        long newest = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
          newest = Math.max(newest, record.timestamp());
        }
        metrics.observeLag(now - newest);
        synchronized (buffer) {
          for (ConsumerRecord<String, byte[]> record : records) {
            try {
              buffer.add(PixelEventCodec.decode(record.value()), now);
            } catch (MalformedEventException e) {
              LOG.error("skipping malformed record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            }
          }
        }
      } catch (WakeupException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("polling the pixel topic failed, retrying: {}", e.toString());
      }
    }
  }

  /** How many records the consumer is behind the log end, from what its last fetches said (no round trip). */
  private long currentLag() {
    long lag = 0;
    for (TopicPartition partition : consumer.assignment()) {
      lag += consumer.currentLag(partition).orElse(0);
    }
    return lag;
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("fanout tick failed: {}", e.toString());
    }
  }

  void tick() {
    long now = System.currentTimeMillis();
    if (apiGateway != null) {
      apiGateway.maintain();
    }
    TileReorderBuffer.Release release;
    synchronized (buffer) {
      release = buffer.drain(now);
    }
    release.gapsToFill().forEach(this::lookUpInJournal);
    if (apiGateway != null) {
      completeHandovers(now);
    }
    List<TileRun> runs = release.runs();
    if (!runs.isEmpty()) {
      if (apiGateway != null) {
        recordPosition(runs, now);
      }
      for (BatchSink sink : sinks) {
        try {
          sink.deliver(runs);
        } catch (RuntimeException e) {
          // One way of delivery failing must not keep the interval from the others.
          LOG.warn("delivery through {} failed: {}", sink.getClass().getSimpleName(), e.toString());
        }
      }
      // Stamped after the sends were queued: a connection with nothing older waiting has them all.
      history.record(runs, System.currentTimeMillis());
    }
    if (apiGateway != null) {
      marks = history.marks();
    }
  }

  /**
   * The cut a bucket is given back with (the scheduler's thread): every tile's high, and the low of
   * the bucket's own connections (the watermark before the oldest update one of them still waits for).
   */
  private byte[] cutFor(int bucket) {
    ReleasedHistory.Marks now = marks;
    Long oldest = apiGateway.pusher().oldestUnsentByBucket(registry::bucketOf).get(bucket);
    return HandoverCut.of(now.watermarks(), now.watermarksBefore(oldest == null ? Long.MAX_VALUE : oldest)).encode();
  }

  /**
   * Before an interval's sends: the position a next holder starts from should this instance stop
   * without giving its buckets back (a crash, a stall). Its high includes the interval about to be
   * sent, so no connection can have anything above it; its low is what every connection surely has.
   * A position that cannot be recorded (Redis down) leaves the last one, whose low is lower: a larger
   * span for the next holder to send again, nothing skipped.
   */
  private void recordPosition(List<TileRun> runs, long now) {
    Map<TileId, Long> high = new HashMap<>(history.watermarks());
    for (TileRun run : runs) {
      high.merge(run.tile(), run.lastSeq(), Math::max);
    }
    // Every bucket's connections have the last interval released unless one of them still waits
    // for something; those buckets get lows of their own.
    HandoverCut position = HandoverCut.of(high, history.watermarks());
    Map<Integer, Map<TileId, Long>> behind = new HashMap<>();
    apiGateway.pusher().oldestUnsentByBucket(registry::bucketOf).forEach((bucket, oldest) ->
        behind.put(bucket, HandoverCut.of(high, history.watermarksBefore(oldest)).low()));
    try {
      leases.recordPosition(position.encode(behind));
    } catch (RuntimeException e) {
      if (now - positionFailureLoggedAt >= 10_000) {
        positionFailureLoggedAt = now;
        LOG.warn("could not record the handover position (a takeover would start from an older one): {}", e.toString());
      }
    }
  }

  /** A gap waited an interval: its placements may be in the tile's journal (Kafka slow or down). */
  private void lookUpInJournal(TileReorderBuffer.Gap gap) {
    journal.find(gap.tile(), gap.fromSeq(), gap.toSeq()).whenComplete((events, error) -> {
      if (error != null) {
        LOG.debug("journal lookup of {} {}..{} failed: {}", gap.tile(), gap.fromSeq(), gap.toSeq(), error.toString());
        return;
      }
      long now = System.currentTimeMillis();
      synchronized (buffer) {
        events.forEach(e -> buffer.add(e, now));
      }
    });
  }

  /**
   * Taken-over buckets whose connections can be caught up now: this instance has released at least
   * the last holder's cut (or waited long enough). Each connection gets what came after the cut,
   * then the interval's runs like every other; only then is the bucket delivered to.
   */
  private void completeHandovers(long now) {
    synchronized (handoverLock) {
      if (handovers.isEmpty()) {
        return;
      }
      Set<Integer> next = new java.util.HashSet<>(deliverable);
      for (var it = handovers.entrySet().iterator(); it.hasNext(); ) {
        var entry = it.next();
        PendingHandover pending = entry.getValue();
        if (pending.cut() != null && !history.reached(pending.cut())
            && now - pending.sinceMillis() < HANDOVER_WAIT_MILLIS) {
          continue;
        }
        if (pending.cut() != null && !history.reached(pending.cut())) {
          LOG.warn("bucket {} delivered to before this instance reached its last holder's position", entry.getKey());
        }
        it.remove();
        next.add(entry.getKey());
        List<TileRun> catchUp = pending.cut() == null ? List.of() : history.catchUp(pending.cut());
        long releasedSince = pending.cut() == null ? now : history.releasedBeyondSince(pending.cut());
        apiGateway.handOver(Set.copyOf(next), entry.getKey(), catchUp, releasedSince);
      }
      deliverable = Set.copyOf(next);
    }
  }

  private void rebalance(long now) {
    Set<Integer> held = leases.rebalance(now, this::cutFor);
    synchronized (handoverLock) {
      for (BucketLeases.Acquired acquired : leases.takeAcquired()) {
        handovers.put(acquired.bucket(),
            new PendingHandover(HandoverCut.decode(acquired.previousCut(), acquired.bucket()), now));
      }
      handovers.keySet().retainAll(held);
      heldBuckets = held;
      Set<Integer> next = new java.util.HashSet<>(held);
      next.removeAll(handovers.keySet());
      deliverable = Set.copyOf(next);
    }
  }

  private void housekeepingSafely() {
    try {
      long now = System.currentTimeMillis();
      if (apiGateway != null) {
        rebalance(now);
        apiGateway.retainOwned();
        apiGateway.pusher().resumeFenced();
      }
      relay.relayOnce(now);
      resizes.check().ifPresent(message -> sinks.forEach(sink -> sink.broadcast(message)));
      statusBoard.report(status(now));
    } catch (RuntimeException e) {
      LOG.warn("fanout housekeeping failed: {}", e.toString());
    }
  }

  /** This instance's delivery lag over both ways of delivery, and its consumer's, for the health route. */
  private FanoutStatus status(long now) {
    long lag = 0;
    int connections = 0;
    if (apiGateway != null) {
      lag = apiGateway.pusher().lag().maxLagMillis();
      connections = apiGateway.ownedConnections();
    }
    for (BatchSink sink : sinks) {
      if (sink instanceof EdgeServer edge) {
        EdgeStats stats = edge.stats();
        lag = Math.max(lag, stats.maxLagMillis());
        connections += stats.connections();
      }
    }
    return new FanoutStatus(instanceId, now, lag, consumerLagRecords, connections);
  }

  private void reportMetrics() {
    FanoutMetrics.Delivery delivery = FanoutMetrics.Delivery.NONE;
    if (apiGateway != null) {
      ConnectionPusher pusher = apiGateway.pusher();
      ConnectionPusher.Lag lag = pusher.lag();
      long sent = pusher.delivered.sum() + pusher.gone.sum() + pusher.failed.sum() + pusher.throttled.sum()
          + pusher.tooLarge.sum();
      delivery = new FanoutMetrics.Delivery(sent, pusher.gone.sum(), pusher.throttled.sum(), pusher.retried.sum(),
          pusher.coalesced.sum(), lag.laggingConnections(), Math.max(lag.maxLagMillis(), pusher.takeWorstDeliveredLag()));
    }
    int edgeConnections = FanoutMetrics.NO_EDGE;
    for (BatchSink sink : sinks) {
      if (sink instanceof EdgeServer edge) {
        edgeConnections = Math.max(0, edgeConnections) + edge.connections();
      }
    }
    metrics.print(System.out, metrics.report(System.currentTimeMillis(), delivery, edgeConnections));
  }

  public String instanceId() {
    return instanceId;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    scheduler.shutdown();
    try {
      pollThread.join(5_000);
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
      if (apiGateway != null) {
        apiGateway.pusher().awaitIdle(Duration.ofSeconds(2));
      }
      dispatcher.shutdown();
      dispatcher.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(Duration.ofSeconds(2));
    try {
      leases.releaseAll(this::cutFor);
    } catch (RuntimeException e) {
      LOG.warn("could not release bucket leases: {}", e.toString());
    }
    relayPublisher.close();
    api.close();
    redis.close();
  }
}
