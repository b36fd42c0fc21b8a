package dev.place.local.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A JVM that owns engines, for EnginesIT to SIGKILL. Prints {@code ENGINES-UP <pid>...} (every engine process and
 * child) once they serve. Exits, closing them, when its own stdin closes, so it never outlives the test JVM.
 */
public final class EnginesHost {

    static final String UP = "ENGINES-UP";

    private EnginesHost() {
    }

    public static void main(String[] args) throws IOException {
        Engines engines = Engines.start(EngineSettings.builder().dataDir(Path.of(args[0])).build());
        String pids = engines.processes().values().stream()
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .map(p -> String.valueOf(p.pid()))
                .collect(Collectors.joining(" "));
        System.out.println(UP + " " + pids);
        System.out.flush();
        while (System.in.read() >= 0) {
            // Wait for the test JVM to go away.
        }
        engines.close();
    }
}
