package dev.place.local.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** redis-server (not a JVM) behind a small bash guard that stops it when the launcher's pipe closes. */
final class RedisEngine implements StartedEngine {

    static final String NAME = "redis";

    /**
     * redis-server cannot watch its stdin, so bash does: it runs Redis in the background and polls stdin once a
     * second; on EOF (launcher gone, even by SIGKILL) or SIGTERM it sends Redis SIGTERM, which makes Redis fsync its
     * append-only file and exit. It also exits when Redis dies by itself, with Redis's exit status, so the launcher
     * sees the failure. Arguments: $1 = redis-server, $2 = redis.conf.
     */
    static final String GUARD_SCRIPT = String.join("\n",
            "\"$1\" \"$2\" &",
            "pid=$!",
            "trap 'kill -TERM \"$pid\" 2>/dev/null' TERM INT HUP",
            "while kill -0 \"$pid\" 2>/dev/null; do",
            "  read -r -t 1 _",
            "  rc=$?",
            // 1..128: end of file or a read error; above 128: timeout or interrupted by a trapped signal.
            "  if [ \"$rc\" -gt 0 ] && [ \"$rc\" -le 128 ]; then kill -TERM \"$pid\" 2>/dev/null; break; fi",
            "done",
            // wait returns early (>128) when a trapped signal arrives, so repeat until Redis is really gone.
            "while :; do wait \"$pid\"; status=$?; kill -0 \"$pid\" 2>/dev/null || break; done",
            "exit \"$status\"");

    private final EngineProcess process;
    private final ReadinessProbe readiness;
    private final int port;

    private RedisEngine(EngineProcess process, int port) {
        this.process = process;
        this.port = port;
        this.readiness = new RedisPingProbe(port);
    }

    static RedisEngine launch(Path executable, Path redisDir, Path logFile, int port) throws IOException {
        Files.createDirectories(redisDir);
        Path conf = redisDir.resolve("redis.conf");
        Files.writeString(conf, RedisConf.render(redisDir, port), StandardCharsets.UTF_8);
        EngineProcess process = EngineProcess.start(NAME, command(executable, conf), redisDir, logFile);
        return new RedisEngine(process, port);
    }

    static List<String> command(Path executable, Path conf) {
        return List.of("bash", "-c", GUARD_SCRIPT, "place-redis-guard", executable.toString(), conf.toString());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EngineProcess process() {
        return process;
    }

    @Override
    public ReadinessProbe readiness() {
        return readiness;
    }

    int port() {
        return port;
    }
}
