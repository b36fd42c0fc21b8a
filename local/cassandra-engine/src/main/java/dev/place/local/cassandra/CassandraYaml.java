package dev.place.local.cassandra;

import java.nio.file.Path;

/** cassandra.yaml for one local node that listens on 127.0.0.1 only and keeps everything under one directory. */
final class CassandraYaml {

    static final String HOST = "127.0.0.1";
    /** Cassandra refuses to start if this changes for an existing data directory. */
    static final String CLUSTER_NAME = "place-local";

    private CassandraYaml() {
    }

    static Path configFile(Path dataDir) {
        return dataDir.resolve("conf").resolve("cassandra.yaml");
    }

    static String render(Path dataDir, int nativePort, int storagePort) {
        return String.join("\n",
                "# Written by CassandraEngineMain on every start; edits are overwritten.",
                "cluster_name: " + quote(CLUSTER_NAME),
                // One token: a single node owns the whole ring, and 16 vnodes would only slow startup.
                "num_tokens: 1",
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                // SimpleSnitch names the datacenter 'datacenter1', which clients pass as their local DC.
                "endpoint_snitch: SimpleSnitch",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: " + quote(HOST + ":" + storagePort),
                "listen_address: " + HOST,
                "rpc_address: " + HOST,
                "storage_port: " + storagePort,
                "native_transport_port: " + nativePort,
                "start_native_transport: true",
                "data_file_directories:",
                "  - " + quote(dataDir.resolve("data")),
                "commitlog_directory: " + quote(dataDir.resolve("commitlog")),
                "saved_caches_directory: " + quote(dataDir.resolve("saved_caches")),
                "hints_directory: " + quote(dataDir.resolve("hints")),
                "cdc_raw_directory: " + quote(dataDir.resolve("cdc_raw")),
                // A write is acknowledged only after its commit log segment is fsynced: the history writer commits its
                // Kafka offsets on that acknowledgement, so anything less (periodic: up to 10 s) could lose history
                // that Kafka already considers consumed. Batch mode fsyncs whatever is pending as one group, so the
                // writer's concurrent inserts share each fsync (cost measured in docs/operations.md).
                "commitlog_sync: batch",
                "memtable_allocation_type: heap_buffers",
                "authenticator: AllowAllAuthenticator",
                "authorizer: AllowAllAuthorizer",
                // Snapshots on DROP/TRUNCATE protect production data; locally they only fill the disk during tests.
                "auto_snapshot: false",
                // Sized for a 2-core machine that also runs Kafka. The off-heap caches default to a share of the
                // heap (chunk cache up to 512 MiB), which would dominate the process size here.
                "concurrent_compactors: 1",
                "file_cache_size: 64MiB",
                "networking_cache_size: 32MiB",
                "key_cache_size: 16MiB",
                "");
    }

    /** YAML single-quoted scalar: no escapes except a doubled quote, so any path survives. */
    static String quote(Object value) {
        return "'" + value.toString().replace("'", "''") + "'";
    }
}
