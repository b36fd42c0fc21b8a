package dev.place.local.msk;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class MskEventJsonTest {

  private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, String key, String value) {
    return new ConsumerRecord<>("pixel-events", partition, offset, 1764316800000L + offset, TimestampType.CREATE_TIME,
        key.length(), value.length(), key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8),
        new RecordHeaders(), Optional.empty());
  }

  @Test
  void theBatchDeserialisesIntoTheRuntimesKafkaEventGroupedByTopicPartition() {
    String json = MskEventJson.of("arn:aws:kafka:us-east-1:000000000000:cluster/local/x", "127.0.0.1:9092",
        List.of(record(0, 5, "0:0", "a"), record(2, 7, "1:0", "b"), record(0, 6, "0:0", "c")));

    KafkaEvent event = LambdaEventSerializers.serializerFor(KafkaEvent.class, getClass().getClassLoader())
        .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));

    assertThat(event.getEventSource()).isEqualTo("aws:kafka");
    assertThat(event.getBootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(event.getRecords()).containsOnlyKeys("pixel-events-0", "pixel-events-2");
    List<KafkaEvent.KafkaEventRecord> p0 = event.getRecords().get("pixel-events-0");
    assertThat(p0).extracting(KafkaEvent.KafkaEventRecord::getOffset).containsExactly(5L, 6L);
    assertThat(new String(Base64.getDecoder().decode(p0.get(1).getValue()), StandardCharsets.UTF_8)).isEqualTo("c");
    assertThat(new String(Base64.getDecoder().decode(p0.get(0).getKey()), StandardCharsets.UTF_8)).isEqualTo("0:0");
    assertThat(p0.get(0).getTimestampType()).isEqualTo("CREATE_TIME");
    assertThat(p0.get(0).getTimestamp()).isEqualTo(1764316800005L);
  }
}
