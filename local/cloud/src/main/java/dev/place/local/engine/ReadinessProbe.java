package dev.place.local.engine;

import java.io.IOException;

/** A cheap, non-blocking-ish check whether an engine serves yet; polled until true or the start times out. */
@FunctionalInterface
interface ReadinessProbe {

    boolean isReady() throws IOException;
}
