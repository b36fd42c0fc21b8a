package dev.place.functions.rest;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The HTTP API sample events of the events/ module, read the way the Lambda Java runtime reads them. */
final class RestSampleEvents {

  private RestSampleEvents() {}

  static APIGatewayV2HTTPEvent load(String name) {
    try (InputStream in = RestSampleEvents.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample event " + name);
      }
      return LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, RestSampleEvents.class.getClassLoader())
          .fromJson(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
