package dev.place.local.kafka;

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
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
                case "--port" -> port = port(value(args, ++i, arg), arg);
                case "--controller-port" -> controllerPort = port(value(args, ++i, arg), arg);
                case "--exit-on-stdin-eof" -> exitOnStdinEof = true;
                case "--set" -> {
                    String pair = value(args, ++i, arg);
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

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static int port(String text, String option) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a port number, got '" + text + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(option + " must be in 1..65535, got " + port);
        }
        return port;
    }
}
