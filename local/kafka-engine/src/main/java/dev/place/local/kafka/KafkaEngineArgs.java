package dev.place.local.kafka;

import dev.place.local.enginesupport.EngineArguments;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command line of {@link KafkaEngineMain}:
 * {@code --data-dir DIR --port N --controller-port N [--exit-on-stdin-eof] [--set key=value]...}.
 */
record KafkaEngineArgs(Path dataDir, int port, int controllerPort, boolean exitOnStdinEof,
                       Map<String, String> overrides) {

    static final String USAGE = "usage: KafkaEngineMain --data-dir DIR --port N --controller-port N"
            + " [--exit-on-stdin-eof] [--set key=value]...";

    KafkaEngineArgs {
        if (port == controllerPort) {
            throw new IllegalArgumentException("--port and --controller-port must differ, both are " + port);
        }
        overrides = Map.copyOf(overrides);
    }

    static KafkaEngineArgs parse(String... args) {
        Path dataDir = null;
        Integer port = null;
        Integer controllerPort = null;
        boolean exitOnStdinEof = false;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--data-dir" -> dataDir = Path.of(EngineArguments.value(args, ++i, arg, USAGE));
                case "--port" -> port = EngineArguments.port(EngineArguments.value(args, ++i, arg, USAGE), arg);
                case "--controller-port" -> controllerPort = EngineArguments.port(EngineArguments.value(args, ++i, arg, USAGE), arg);
                case "--exit-on-stdin-eof" -> exitOnStdinEof = true;
                case "--set" -> {
                    String pair = EngineArguments.value(args, ++i, arg, USAGE);
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--set expects key=value, got '" + pair + "'");
                    }
                    overrides.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
            }
        }
        if (dataDir == null || port == null || controllerPort == null) {
            throw new IllegalArgumentException("--data-dir, --port and --controller-port are required\n" + USAGE);
        }
        return new KafkaEngineArgs(dataDir.toAbsolutePath().normalize(), port, controllerPort, exitOnStdinEof, overrides);
    }
}
