package dev.place.local.cassandra;

import dev.place.local.enginesupport.EngineArguments;
import java.nio.file.Path;

/**
 * Command line of {@link CassandraEngineMain}:
 * {@code --data-dir DIR --port N --storage-port N [--exit-on-stdin-eof]}. {@code --port} is the CQL port.
 */
record CassandraEngineArgs(Path dataDir, int port, int storagePort, boolean exitOnStdinEof) {

    static final String USAGE = "usage: CassandraEngineMain --data-dir DIR --port N --storage-port N [--exit-on-stdin-eof]";

    CassandraEngineArgs {
        if (port == storagePort) {
            throw new IllegalArgumentException("--port and --storage-port must differ, both are " + port);
        }
    }

    static CassandraEngineArgs parse(String... args) {
        Path dataDir = null;
        Integer port = null;
        Integer storagePort = null;
        boolean exitOnStdinEof = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--data-dir" -> dataDir = Path.of(EngineArguments.value(args, ++i, arg, USAGE));
                case "--port" -> port = EngineArguments.port(EngineArguments.value(args, ++i, arg, USAGE), arg);
                case "--storage-port" -> storagePort = EngineArguments.port(EngineArguments.value(args, ++i, arg, USAGE), arg);
                case "--exit-on-stdin-eof" -> exitOnStdinEof = true;
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
            }
        }
        if (dataDir == null || port == null || storagePort == null) {
            throw new IllegalArgumentException("--data-dir, --port and --storage-port are required\n" + USAGE);
        }
        return new CassandraEngineArgs(dataDir.toAbsolutePath().normalize(), port, storagePort, exitOnStdinEof);
    }
}
