package dev.place.fanout.edge;

/**
 * The edge at a glance. Backlog figures are as of each event loop's last interval or sweep.
 *
 * @param connections open WebSockets
 * @param framesWritten frames written since start (batches, backlogs, broadcasts)
 * @param backlogged connections that are behind now (their socket could not take the last interval)
 * @param maxLagMillis how long the furthest-behind connection's oldest unsent run has waited
 * @param maxDrainedLagMillis the longest wait of any backlog that went out, since start
 * @param coalescedRuns coalesced runs sent from backlogs, since start
 * @param resyncRuns resync runs sent from backlogs (the client reloads the tile), since start
 * @param idleClosed connections closed for silence, since start
 */
public record EdgeStats(
    int connections,
    long framesWritten,
    int backlogged,
    long maxLagMillis,
    long maxDrainedLagMillis,
    long coalescedRuns,
    long resyncRuns,
    long idleClosed) {}
