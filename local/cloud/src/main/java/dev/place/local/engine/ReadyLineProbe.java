package dev.place.local.engine;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ready once the engine has written its ready line ({@code PLACE-ENGINE-READY <engine> <host:port>}) to its log.
 * Reads only what was appended since the last poll.
 */
final class ReadyLineProbe implements ReadinessProbe {

    static final String READY_PREFIX = "PLACE-ENGINE-READY";

    private static final int MAX_LINE = 4096;

    private final Path logFile;
    private final String token;
    private long offset;
    private final StringBuilder partialLine = new StringBuilder();
    private boolean ready;

    ReadyLineProbe(Path logFile, String engine) {
        this.logFile = logFile;
        this.token = READY_PREFIX + " " + engine + " ";
    }

    @Override
    public boolean isReady() throws IOException {
        if (ready) {
            return true;
        }
        if (!Files.isRegularFile(logFile)) {
            return false;
        }
        try (RandomAccessFile raf = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = raf.length();
            if (length <= offset) {
                return false;
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 1 << 20)];
            raf.seek(offset);
            raf.readFully(bytes);
            offset += bytes.length;
            // Byte-wise split on '\n' is safe for UTF-8, and the token is ASCII.
            for (byte b : bytes) {
                if (b == '\n') {
                    if (partialLine.indexOf(token) >= 0) {
                        ready = true;
                        return true;
                    }
                    partialLine.setLength(0);
                } else if (partialLine.length() < MAX_LINE) {
                    // Ready lines are short; a runaway line (e.g. a binary dump) must not grow without bound.
                    partialLine.append((char) (b & 0xff));
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "line containing '" + token.trim() + "' in " + logFile;
    }
}
