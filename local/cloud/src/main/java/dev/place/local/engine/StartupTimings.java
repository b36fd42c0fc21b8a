package dev.place.local.engine;

import java.time.Duration;

/**
 * How long each engine took from process launch until it served, and how long {@link Engines#start} took in all
 * (the engines start in parallel, so {@code total} is about the slowest engine plus preparation).
 */
public record StartupTimings(Duration redis, Duration kafka, Duration cassandra, Duration total) {

    @Override
    public String toString() {
        return "redis " + redis.toMillis() + " ms, kafka " + kafka.toMillis() + " ms, cassandra "
                + cassandra.toMillis() + " ms, all ready after " + total.toMillis() + " ms";
    }
}
