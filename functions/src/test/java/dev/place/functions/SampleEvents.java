package dev.place.functions;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the sample events of the events/ module the way the Lambda Java runtime deserialises them. */
final class SampleEvents {

  private SampleEvents() {}

  static <T> T load(String name, Class<T> type) {
    try (InputStream in = SampleEvents.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample event " + name);
      }
      return serializer(type).fromJson(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T> String toJson(T value, Class<T> type) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    serializer(type).toJson(value, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static <T> PojoSerializer<T> serializer(Class<T> type) {
    return LambdaEventSerializers.serializerFor(type, SampleEvents.class.getClassLoader());
  }
}
