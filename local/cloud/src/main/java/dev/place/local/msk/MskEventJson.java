package dev.place.local.msk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Builds the event an MSK event source mapping hands to Lambda: records grouped by
 * {@code "topic-partition"}, keys and values base64, headers as lists of byte values.
 */
final class MskEventJson {

  private static final JsonFactory JSON = new JsonFactory();

  private MskEventJson() {}

  static String of(String clusterArn, String bootstrapServers, List<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, java.util.List<ConsumerRecord<byte[], byte[]>>> byPartition = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      byPartition.computeIfAbsent(r.topic() + "-" + r.partition(), k -> new java.util.ArrayList<>()).add(r);
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("eventSource", "aws:kafka");
      g.writeStringField("eventSourceArn", clusterArn);
      g.writeStringField("bootstrapServers", bootstrapServers);
      g.writeObjectFieldStart("records");
      for (Map.Entry<String, java.util.List<ConsumerRecord<byte[], byte[]>>> partition : byPartition.entrySet()) {
        g.writeArrayFieldStart(partition.getKey());
        for (ConsumerRecord<byte[], byte[]> r : partition.getValue()) {
          g.writeStartObject();
          g.writeStringField("topic", r.topic());
          g.writeNumberField("partition", r.partition());
          g.writeNumberField("offset", r.offset());
          g.writeNumberField("timestamp", r.timestamp());
          g.writeStringField("timestampType", r.timestampType().name());
          if (r.key() != null) {
            g.writeStringField("key", Base64.getEncoder().encodeToString(r.key()));
          }
          if (r.value() != null) {
            g.writeStringField("value", Base64.getEncoder().encodeToString(r.value()));
          }
          g.writeArrayFieldStart("headers");
          for (Header h : r.headers()) {
            g.writeStartObject();
            g.writeArrayFieldStart(h.key());
            for (byte b : h.value() == null ? new byte[0] : h.value()) {
              g.writeNumber(b);
            }
            g.writeEndArray();
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
