package dev.place.local.lambda;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Picks the serializer for a handler's input or output type with the same precedence as the released Java
 * runtime (aws-lambda-java-runtime-interface-client 2.x, EventHandlerLoader#getSerializer): a
 * {@link CustomPojoSerializer} service if one is on the class path, else the mixin-aware serializer for the
 * event classes Lambda lists as supported, else the runtime's plain Jackson configuration. Using the same
 * libraries means handlers see the same mapping quirks locally as on Lambda (for example
 * {@code APIGatewayV2WebSocketEvent} is not a "supported" event and goes through plain Jackson).
 */
final class RuntimeSerializers {

  private RuntimeSerializers() {
  }

  @SuppressWarnings({"unchecked", "deprecation"})
  static PojoSerializer<Object> forType(Type type, ClassLoader loader) {
    Optional<CustomPojoSerializer> custom = customSerializer(loader);
    if (custom.isPresent()) {
      return new CustomAdapter(custom.get(), type);
    }
    if (type instanceof Class<?> eventClass && LambdaEventSerializers.isLambdaSupportedEvent(eventClass.getName())) {
      return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(eventClass, loader);
    }
    return JacksonFactory.getInstance().getSerializer(type);
  }

  // Mirrors PojoSerializerLoader: at most one provider is allowed, more is a configuration error.
  private static Optional<CustomPojoSerializer> customSerializer(ClassLoader loader) {
    Iterator<CustomPojoSerializer> providers = ServiceLoader.load(CustomPojoSerializer.class, loader).iterator();
    if (!providers.hasNext()) {
      return Optional.empty();
    }
    CustomPojoSerializer first = providers.next();
    if (providers.hasNext()) {
      throw new IllegalStateException(
          "Too many serializers provided inside the META-INF/services folder, only one is allowed");
    }
    return Optional.of(first);
  }

  private record CustomAdapter(CustomPojoSerializer delegate, Type type) implements PojoSerializer<Object> {
    @Override
    public Object fromJson(InputStream input) {
      return delegate.fromJson(input, type);
    }

    @Override
    public Object fromJson(String input) {
      return delegate.fromJson(input, type);
    }

    @Override
    public void toJson(Object value, OutputStream output) {
      delegate.toJson(value, output, type);
    }
  }
}
