package dev.place.local.engine;

/** An engine whose process has been launched: what to poll for readiness, and which process to stop. */
interface StartedEngine {

    /** "redis", "kafka" or "cassandra": also the name of its log file and data directory. */
    String name();

    EngineProcess process();

    ReadinessProbe readiness();
}
