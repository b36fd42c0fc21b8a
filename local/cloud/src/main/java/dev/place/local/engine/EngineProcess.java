package dev.place.local.engine;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One engine in its own OS process. Its stdout and stderr go to a log file; its stdin is a pipe that only this JVM
 * holds, so the engine sees end-of-file, and exits, whenever this JVM dies, even by SIGKILL.
 */
final class EngineProcess {

    private static final int TAIL_BYTES = 64 * 1024;

    private final String name;
    private final List<String> command;
    private final Path logFile;
    private final Process process;
    private final long startedNanos;
    private List<ProcessHandle> descendantsAtStop = List.of();
    private boolean stopRequested;

    private EngineProcess(String name, List<String> command, Path logFile, Process process, long startedNanos) {
        this.name = name;
        this.command = List.copyOf(command);
        this.logFile = logFile;
        this.process = process;
        this.startedNanos = startedNanos;
    }

    /** Starts {@code command} in {@code workDir}; the previous log, if any, is kept as {@code <log>.1}. */
    static EngineProcess start(String name, List<String> command, Path workDir, Path logFile) throws IOException {
        Files.createDirectories(workDir);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        if (Files.exists(logFile)) {
            Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        long started = System.nanoTime();
        Process process = new ProcessBuilder(inOwnSession(command))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        return new EngineProcess(name, command, logFile, process, started);
    }

    /**
     * Ctrl-C in a terminal signals the whole foreground process group. Engines in their own session
     * do not get it, so the launcher can stop its services first and the engines last, in order.
     * {@code setsid} execs in place (the child is not a group leader), so the pid stays the engine's.
     */
    static List<String> inOwnSession(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> wrapped = new java.util.ArrayList<>(command.size() + 1);
        wrapped.add(SETSID.toString());
        wrapped.addAll(command);
        return wrapped;
    }

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public Path logFile() {
        return logFile;
    }

    public List<String> command() {
        return command;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    long startedNanos() {
        return startedNanos;
    }

    /** The last {@code maxLines} lines of the log, for error messages. */
    public String logTail(int maxLines) {
        return tail(logFile, maxLines);
    }

    /**
     * Asks the engine to stop: closes its stdin (the engines treat end-of-file as "parent gone") and sends SIGTERM.
     * Returns at once; see {@link #awaitExit(long)}.
     */
    synchronized void requestStop() {
        if (stopRequested) {
            return;
        }
        stopRequested = true;
        // Remember children now: once the engine exits they are re-parented and no longer reachable from it.
        descendantsAtStop = process.descendants().toList();
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // Already closed or broken: the engine sees EOF either way.
        }
        process.destroy();
    }

    /** Waits until the process and every child it had are gone, or {@code deadlineNanos} (System.nanoTime) passes. */
    boolean awaitExit(long deadlineNanos) throws InterruptedException {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining > 0 && !process.waitFor(remaining, TimeUnit.NANOSECONDS)) {
            return false;
        }
        if (process.isAlive()) {
            return false;
        }
        for (ProcessHandle child : descendantsAtStop) {
            while (child.isAlive()) {
                if (System.nanoTime() >= deadlineNanos) {
                    return false;
                }
                Thread.sleep(20);
            }
        }
        return true;
    }

    /** SIGKILL for the process and every child it had; waits briefly for the kernel to reap them. */
    synchronized void forceStop() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(descendantsAtStop);
        process.descendants().forEach(all::add);
        process.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle handle : all) {
            while (handle.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
    }

    static String tail(Path file, int maxLines) {
        if (!Files.isRegularFile(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = Math.max(0, length - TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - from)];
            raf.seek(from);
            raf.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            String[] lines = text.split("\r?\n", -1);
            int end = lines.length;
            if (end > 0 && lines[end - 1].isEmpty()) {
                end--;
            }
            // When reading from the middle of the file, the first line is probably cut: drop it.
            int start = Math.max(from > 0 ? 1 : 0, end - maxLines);
            return end <= start ? "(log is empty)" : String.join("\n", List.of(lines).subList(start, end));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + logFile + ")";
    }
}
