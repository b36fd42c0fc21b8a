package dev.place.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the concrete {@code I} and {@code O} of {@code RequestHandler<I, O>} for a handler class, following
 * generic superclasses the way the Java runtime does, so a handler that inherits its signature from an abstract
 * base class still gets the right event type.
 */
final class HandlerTypes {

  record IoTypes(Type input, Type output) {
    boolean returnsVoid() {
      return output == Void.class || output == void.class;
    }
  }

  private HandlerTypes() {
  }

  static IoTypes of(Class<?> handlerClass) {
    Type[] arguments = find(handlerClass, new HashMap<>());
    if (arguments == null) {
      throw new IllegalArgumentException("Class " + handlerClass.getName()
          + " does not implement RequestHandler with concrete type parameters");
    }
    return new IoTypes(concrete(arguments[0], handlerClass), concrete(arguments[1], handlerClass));
  }

  private static Type[] find(Type type, Map<TypeVariable<?>, Type> bindings) {
    Class<?> raw;
    if (type instanceof ParameterizedType parameterized) {
      raw = (Class<?>) parameterized.getRawType();
      TypeVariable<?>[] variables = raw.getTypeParameters();
      Type[] actual = parameterized.getActualTypeArguments();
      Map<TypeVariable<?>, Type> scoped = new HashMap<>(bindings);
      for (int i = 0; i < variables.length; i++) {
        scoped.put(variables[i], bind(actual[i], bindings));
      }
      bindings = scoped;
      if (raw == RequestHandler.class) {
        return new Type[] {bindings.get(variables[0]), bindings.get(variables[1])};
      }
    } else if (type instanceof Class<?> plain) {
      raw = plain;
      if (raw == RequestHandler.class) {
        return null;
      }
    } else {
      return null;
    }
    for (Type implemented : raw.getGenericInterfaces()) {
      Type[] found = find(implemented, bindings);
      if (found != null) {
        return found;
      }
    }
    Type superclass = raw.getGenericSuperclass();
    return superclass == null ? null : find(superclass, bindings);
  }

  private static Type bind(Type type, Map<TypeVariable<?>, Type> bindings) {
    return type instanceof TypeVariable<?> variable && bindings.containsKey(variable) ? bindings.get(variable) : type;
  }

  // The runtime accepts a type variable only when it has a non-Object bound, and then deserialises to that bound.
  private static Type concrete(Type type, Class<?> handlerClass) {
    if (type instanceof TypeVariable<?> variable) {
      for (Type bound : variable.getBounds()) {
        if (bound != Object.class) {
          return bound;
        }
      }
      throw new IllegalArgumentException("Class " + handlerClass.getName()
          + " does not implement RequestHandler with concrete type parameters: parameter "
          + variable + " has no upper bound.");
    }
    return type;
  }
}
