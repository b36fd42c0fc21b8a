package dev.place.local.lambda;

import java.time.Duration;
import java.util.function.Supplier;

/** The deployment-time configuration of one function, shared by all of its execution environments. */
record FunctionSettings(
    String name,
    String functionArn,
    int memoryMb,
    int maxConcurrency,
    Duration timeout,
    Duration initTimeout,
    Duration queueTimeout,
    Supplier<?> handlerFactory) {
}
