package dev.place.local.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.redis.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * After the run: is every acknowledged placement in Redis (each tile's sequence counter and, per
 * pixel, the colour of its last acknowledged placement), in Kafka exactly once per (tile, seq), and
 * in Cassandra's {@code pixel_events_by_day_v2}?
 */
final class PlacementAudit {

  record Result(long acknowledged, long redisTilesWrong, long redisPixelsWrong, long kafkaMissing,
      long kafkaDuplicates, long kafkaUnacknowledged, long cassandraMissing, long cassandraRows) {
    boolean clean() {
      return redisTilesWrong == 0 && redisPixelsWrong == 0 && kafkaMissing == 0 && kafkaDuplicates == 0
          && cassandraMissing == 0;
    }

    String describe() {
      return String.format("%,d acknowledged placements: Redis %s; Kafka %s; Cassandra %s", acknowledged,
          redisTilesWrong == 0 && redisPixelsWrong == 0 ? "every tile sequence and last pixel colour matches"
              : redisTilesWrong + " tile sequences and " + redisPixelsWrong + " pixels differ",
          kafkaMissing == 0 && kafkaDuplicates == 0 ? "every one exactly once" + (kafkaUnacknowledged == 0 ? ""
              : " (+" + kafkaUnacknowledged + " written but never acknowledged to the client)")
              : kafkaMissing + " missing, " + kafkaDuplicates + " duplicated (tile, seq)",
          cassandraMissing == 0 ? "every one (" + String.format("%,d", cassandraRows) + " rows)"
              : cassandraMissing + " missing of " + acknowledged);
    }
  }

  private PlacementAudit() {}

  static Result check(AcknowledgedPlacements acked, int tileSize, String redisUri, String kafkaBootstrap, String topic,
      InetSocketAddress cassandra, String datacenter, String keyspace) {
    Map<Integer, BitSet> sequences = acked.sequencesByTile();
    long[] redis = redis(acked, sequences, tileSize, redisUri);
    long[] kafka = kafka(sequences, kafkaBootstrap, topic);
    long[] cql = cassandra(sequences, cassandra, datacenter, keyspace);
    return new Result(acked.size(), redis[0], redis[1], kafka[0], kafka[1], kafka[2], cql[0], cql[1]);
  }

  /** {tiles whose counter differs from the highest acknowledged sequence, pixels whose colour differs}. */
  private static long[] redis(AcknowledgedPlacements acked, Map<Integer, BitSet> sequences, int tileSize, String uri) {
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, byte[]> c = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
      long tilesWrong = 0;
      long pixelsWrong = 0;
      Map<Integer, int[]> last = acked.lastColours(tileSize * tileSize);
      for (var e : sequences.entrySet()) {
        TileId tile = new TileId(AcknowledgedPlacements.tx(e.getKey()), AcknowledgedPlacements.ty(e.getKey()));
        byte[] seq = c.sync().get(RedisKeys.tileSeq(tile));
        long stored = seq == null ? 0 : Long.parseLong(new String(seq, StandardCharsets.US_ASCII));
        // Every placement of the run was acknowledged or failed before its write, so the counter is
        // the highest acknowledged sequence (a placement written but unanswered would show here).
        if (stored != e.getValue().length() - 1) {
          tilesWrong++;
        }
        byte[] pixels = c.sync().get(RedisKeys.tilePixels(tile));
        int[] expected = last.get(e.getKey());
        for (int i = 0; i < expected.length; i++) {
          if (expected[i] >= 0 && (pixels == null || i / 2 >= pixels.length || TileCodec.get(pixels, i) != expected[i])) {
            pixelsWrong++;
          }
        }
      }
      return new long[] {tilesWrong, pixelsWrong};
    } finally {
      client.shutdown();
    }
  }

  /** {acknowledged missing, (tile, seq) seen more than once, records never acknowledged}. */
  private static long[] kafka(Map<Integer, BitSet> sequences, String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<Integer, BitSet> seen = new HashMap<>();
    long duplicates = 0;
    long unacknowledged = 0;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
          PixelEvent e = PixelEventCodec.decode(r.value());
          int key = AcknowledgedPlacements.tileKey(e.tile().tx(), e.tile().ty());
          BitSet s = seen.computeIfAbsent(key, k -> new BitSet());
          int seq = Math.toIntExact(e.seq());
          if (s.get(seq)) {
            duplicates++;
          }
          s.set(seq);
          BitSet a = sequences.get(key);
          if (a == null || !a.get(seq)) {
            unacknowledged++;
          }
        }
      }
    }
    return new long[] {missing(sequences, seen), duplicates, unacknowledged};
  }

  /** {acknowledged missing, rows read}. */
  private static long[] cassandra(Map<Integer, BitSet> sequences, InetSocketAddress contact, String datacenter,
      String keyspace) {
    Map<Integer, BitSet> seen = new HashMap<>();
    long rows = 0;
    try (CqlSession session = CqlSession.builder().addContactPoint(contact).withLocalDatacenter(datacenter)
        .withKeyspace(keyspace).build()) {
      // A full scan, paged: it does not depend on how the history helper partitions the table.
      for (Row row : session.execute(SimpleStatement.newInstance("SELECT tile, seq FROM pixel_events_by_day_v2")
          .setPageSize(5000).setTimeout(Duration.ofSeconds(60)))) {
        TileId tile = TileId.parse(row.getString("tile"));
        seen.computeIfAbsent(AcknowledgedPlacements.tileKey(tile.tx(), tile.ty()), k -> new BitSet())
            .set(Math.toIntExact(row.getLong("seq")));
        rows++;
      }
    }
    return new long[] {missing(sequences, seen), rows};
  }

  private static long missing(Map<Integer, BitSet> expected, Map<Integer, BitSet> seen) {
    long missing = 0;
    for (var e : expected.entrySet()) {
      BitSet lacking = (BitSet) e.getValue().clone();
      BitSet found = seen.get(e.getKey());
      if (found != null) {
        lacking.andNot(found);
      }
      missing += lacking.cardinality();
    }
    return missing;
  }
}
