package dev.place.local.engine;

import java.nio.file.Path;

/** redis.conf for the local Redis: loopback only, append-only file so data survives restarts, quiet logging. */
final class RedisConf {

    private RedisConf() {
    }

    static String render(Path redisDir, int port) {
        return String.join("\n",
                "# Written by the local cloud launcher on every start; edits are overwritten.",
                "bind 127.0.0.1",
                "port " + port,
                "protected-mode yes",
                "daemonize no",
                "dir " + quote(redisDir.toString()),
                "appendonly yes",
                "appendfsync everysec",
                // The AOF already persists everything; RDB snapshots would only add a save on every shutdown.
                "save \"\"",
                // Empty logfile means stdout, which the launcher sends to <dataDir>/redis.log.
                "logfile \"\"",
                "loglevel warning",
                "always-show-logo no",
                "");
    }

    /** Redis config strings: double quotes with backslash escapes, so paths with spaces or quotes survive. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
