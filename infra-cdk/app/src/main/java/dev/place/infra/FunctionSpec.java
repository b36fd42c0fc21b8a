package dev.place.infra;

import java.util.Set;

/**
 * One Lambda function: its construct id, handler class (in place-functions) and what it may touch.
 * Memory is per function because {@code place} is latency-critical while the others are not.
 */
public record FunctionSpec(String id, String handler, int memoryMb, Set<Access> access) {

  public static FunctionSpec of(String id, String handlerClass, Access... access) {
    return new FunctionSpec(id, handlerClass + "::handleRequest", 1024, Set.of(access));
  }

  public FunctionSpec withMemory(int mb) {
    return new FunctionSpec(id, handler, mb, access);
  }
}
