package dev.place.local.engine;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps engines running: one watcher thread per engine waits for its process to exit; an exit that nobody asked for
 * is reported at once, and the engine is launched again on the same ports and data after a back-off (1 s, doubling up
 * to 30 s while it keeps dying young; back to 1 s once it stayed up a minute). A SIGSTOPped engine is alive and left
 * alone: stalls are for health checks and timeouts to expose, not for the supervisor to "fix" by killing.
 *
 * <p>Each engine's watcher is independent, so Cassandra's 15 s restart never delays noticing that Redis died.
 */
final class EngineSupervisor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EngineSupervisor.class);
    private static final int MAX_EVENTS = 200;
    private static final int LOG_TAIL_LINES = 15;

    /** Launches an engine afresh (same command, ports and data directory). */
    interface Launcher {
        StartedEngine launch() throws IOException;
    }

    /** Something the supervisor saw or did, for {@code local/run}'s console, tests and the drills. */
    record Event(Instant at, String engine, Kind kind, long pid, String detail) {
        enum Kind { EXITED, RESTARTED, RESTART_FAILED }

        @Override
        public String toString() {
            return at + " " + engine + " " + kind.name().toLowerCase().replace('_', ' ') + " (pid " + pid + "): " + detail;
        }
    }

    /** How long to wait before each restart; kept apart so tests can use milliseconds. */
    record Backoff(Duration first, Duration max, Duration healthyAfter) {
        static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1));

        Duration next(Duration previous) {
            Duration doubled = previous.multipliedBy(2);
            return doubled.compareTo(max) > 0 ? max : doubled;
        }
    }

    private final Map<String, StartedEngine> current = new LinkedHashMap<>();
    private final Map<String, Launcher> launchers = new LinkedHashMap<>();
    private final Map<String, Integer> restarts = new LinkedHashMap<>();
    private final Deque<Event> events = new ArrayDeque<>();
    private final List<Thread> watchers = new ArrayList<>();
    private final Backoff backoff;
    private final Duration startTimeout;
    private final Consumer<Event> listener;
    private boolean closing;

    EngineSupervisor(Backoff backoff, Duration startTimeout, Consumer<Event> listener) {
        this.backoff = backoff;
        this.startTimeout = startTimeout;
        this.listener = listener;
    }

    /** Starts watching an engine that is already running; {@code launcher} brings it back when it dies. */
    synchronized void supervise(StartedEngine engine, Launcher launcher) {
        current.put(engine.name(), engine);
        launchers.put(engine.name(), launcher);
        restarts.put(engine.name(), 0);
        Thread watcher = new Thread(() -> watch(engine.name()), "supervise-" + engine.name());
        watcher.setDaemon(true);
        watchers.add(watcher);
        watcher.start();
    }

    synchronized StartedEngine current(String name) {
        return current.get(name);
    }

    synchronized List<EngineProcess> processes() {
        return current.values().stream().map(StartedEngine::process).toList();
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    synchronized int restarts(String name) {
        return restarts.getOrDefault(name, 0);
    }

    private void watch(String name) {
        Duration delay = backoff.first();
        while (true) {
            StartedEngine engine;
            synchronized (this) {
                if (closing) {
                    return;
                }
                engine = current.get(name);
            }
            EngineProcess process = engine.process();
            try {
                process.handle().onExit().get();
                // handle().onExit() can complete a moment before Process knows the exit value.
                process.awaitExit(System.nanoTime() + Duration.ofSeconds(5).toNanos());
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
            synchronized (this) {
                if (closing) {
                    return;
                }
            }
            Duration lived = Duration.ofNanos(System.nanoTime() - process.startedNanos());
            if (lived.compareTo(backoff.healthyAfter()) >= 0) {
                delay = backoff.first();
            }
            record(new Event(Instant.now(), name, Event.Kind.EXITED, process.pid(),
                    "exited with code " + process.exitCode().map(String::valueOf).orElse("?") + " after "
                            + lived.toSeconds() + " s; restarting it with its data in " + delay.toMillis()
                            + " ms. Last lines of " + process.logFile() + ":\n" + process.logTail(LOG_TAIL_LINES)));
            if (!restartAfter(name, delay)) {
                return;
            }
            delay = backoff.next(delay);
        }
    }

    /** @return false when closing (the watcher ends); true once a new process runs, ready or not */
    private boolean restartAfter(String name, Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            StartedEngine relaunched;
            synchronized (this) {
                if (closing) {
                    return false;
                }
                // Under the lock, so close() either sees the new process (and stops it) or stops us first.
                relaunched = launchers.get(name).launch();
                current.put(name, relaunched);
                restarts.merge(name, 1, Integer::sum);
            }
            long began = System.nanoTime();
            try {
                Engines.awaitReady(List.of(relaunched), startTimeout);
                record(new Event(Instant.now(), name, Event.Kind.RESTARTED, relaunched.process().pid(),
                        "serving again, ready " + Duration.ofNanos(System.nanoTime() - began).toMillis()
                                + " ms after its relaunch (restart #" + restarts(name) + ")"));
            } catch (EngineStartException e) {
                // It exited again or hangs: the watch loop sees the exit (or keeps waiting) and backs off further.
                record(new Event(Instant.now(), name, Event.Kind.RESTART_FAILED, relaunched.process().pid(),
                        e.getMessage()));
                if (relaunched.process().isAlive()) {
                    relaunched.process().requestStop();
                }
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        } catch (IOException e) {
            record(new Event(Instant.now(), name, Event.Kind.RESTART_FAILED, -1, "cannot launch: " + e));
            // Nothing new runs; try again on the next back-off step via a stand-in "exited" state.
            return restartAfter(name, backoff.next(delay));
        }
    }

    private void record(Event event) {
        synchronized (this) {
            events.addLast(event);
            while (events.size() > MAX_EVENTS) {
                events.removeFirst();
            }
        }
        if (event.kind() == Event.Kind.RESTARTED) {
            LOG.info("{}", event);
        } else {
            LOG.warn("{}", event);
        }
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("engine event listener failed: {}", e.toString());
        }
    }

    /** Stops watching (no restart from here on); the caller then stops {@link #processes()}. */
    @Override
    public void close() {
        List<Thread> toJoin;
        synchronized (this) {
            closing = true;
            toJoin = List.copyOf(watchers);
        }
        toJoin.forEach(Thread::interrupt);
        for (Thread t : toJoin) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
