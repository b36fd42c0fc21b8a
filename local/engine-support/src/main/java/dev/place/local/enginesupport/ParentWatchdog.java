package dev.place.local.enginesupport;

import java.io.IOException;
import java.io.InputStream;

/**
 * Exits the JVM when standard input reaches end of file. The launcher keeps the write end of a pipe on our stdin;
 * the kernel closes it when the launcher dies for any reason, including SIGKILL, so the engine never outlives it.
 */
public final class ParentWatchdog {

    /** If the graceful shutdown hangs, the engine must still go away. */
    private static final long HALT_AFTER_MS = 30_000;

    private ParentWatchdog() {
    }

    public static void start(String engine, InputStream stdin) {
        Thread watcher = new Thread(() -> {
            drain(stdin);
            System.err.println(engine + " engine: launcher went away (stdin closed), shutting down");
            Thread halter = new Thread(() -> {
                sleep(HALT_AFTER_MS);
                System.err.println(engine + " engine: shutdown did not finish in " + HALT_AFTER_MS + " ms, halting");
                Runtime.getRuntime().halt(1);
            }, "parent-watchdog-halt");
            halter.setDaemon(true);
            halter.start();
            System.exit(0);
        }, "parent-watchdog");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // The launcher never writes; anything it might write is ignored.
            }
        } catch (IOException e) {
            // A broken stdin means the launcher is gone just as surely as EOF does.
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
