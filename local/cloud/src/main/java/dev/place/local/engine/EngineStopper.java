package dev.place.local.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Stops engines together: all get SIGTERM at once, share one grace period, and whoever is left is killed. */
final class EngineStopper {

    private EngineStopper() {
    }

    /** @return the names of engines that had to be killed because they did not stop within {@code grace} */
    static List<String> stopAll(List<EngineProcess> processes, Duration grace) {
        processes.forEach(EngineProcess::requestStop);
        long deadline = System.nanoTime() + grace.toNanos();
        List<String> killed = new ArrayList<>();
        boolean interrupted = false;
        for (EngineProcess process : processes) {
            try {
                if (interrupted || !process.awaitExit(deadline)) {
                    killed.add(process.name());
                    process.forceStop();
                }
            } catch (InterruptedException e) {
                // Still kill everything: leaving engines behind is worse than finishing this loop.
                interrupted = true;
                killed.add(process.name());
                forceStopIgnoringInterrupts(process);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return killed;
    }

    private static void forceStopIgnoringInterrupts(EngineProcess process) {
        try {
            process.forceStop();
        } catch (InterruptedException e) {
            // forceStop has sent SIGKILL before it waits; only the wait was cut short.
        }
    }
}
