package dev.place.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Presents a user handler as bytes in, bytes out, which is how the runtime sees every handler: POJO handlers are
 * wrapped with the runtime's serializers (and its error messages for (de)serialisation failures), stream handlers
 * get the raw payload.
 */
interface HandlerAdapter {

  byte[] handle(byte[] event, Context context) throws Throwable;

  static HandlerAdapter of(Object handler) {
    if (handler instanceof RequestStreamHandler streamHandler) {
      return (event, context) -> {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        streamHandler.handleRequest(new ByteArrayInputStream(event), output, context);
        return output.toByteArray();
      };
    }
    if (handler instanceof RequestHandler<?, ?> requestHandler) {
      return new PojoAdapter(requestHandler);
    }
    throw new IllegalArgumentException("Class does not implement an appropriate handler interface: "
        + handler.getClass().getName());
  }

  final class PojoAdapter implements HandlerAdapter {
    private static final byte[] JSON_NULL = "null".getBytes(StandardCharsets.US_ASCII);

    @SuppressWarnings("rawtypes")
    private final RequestHandler handler;
    private final PojoSerializer<Object> input;
    private final PojoSerializer<Object> output;

    // Serializers are built here, i.e. during init, as the runtime does when it wraps a POJO handler.
    PojoAdapter(RequestHandler<?, ?> handler) {
      this.handler = handler;
      HandlerTypes.IoTypes types = HandlerTypes.of(handler.getClass());
      ClassLoader loader = handler.getClass().getClassLoader();
      this.input = RuntimeSerializers.forType(types.input(), loader);
      this.output = types.returnsVoid() ? null : RuntimeSerializers.forType(types.output(), loader);
    }

    @Override
    @SuppressWarnings("unchecked")
    public byte[] handle(byte[] event, Context context) {
      Object request;
      try {
        request = input.fromJson(new ByteArrayInputStream(event));
      } catch (Throwable parseFailure) {
        throw new RuntimeException("An error occurred during JSON parsing", parseFailure);
      }
      Object response = handler.handleRequest(request, context);
      if (output == null) {
        return JSON_NULL;
      }
      try {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        output.toJson(response, bytes);
        return bytes.toByteArray();
      } catch (Throwable serializationFailure) {
        throw new RuntimeException("An error occurred during JSON serialization of response",
            serializationFailure);
      }
    }
  }
}
