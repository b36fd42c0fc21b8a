package dev.place.shared.timelapse;

/**
 * A job's status as a {@link JobStore} holds it: when it was last written (the worker's heartbeat),
 * the store's version token, so a restart can replace exactly the record it looked at, and which
 * launcher ran it ({@code small}, {@code large}; null if unknown), so a restart can pick another.
 */
public record StoredJob(JobStatus status, long updatedAtMillis, String version, String runner) {

  public boolean finished() {
    return status.state() == JobStatus.State.DONE || status.state() == JobStatus.State.FAILED;
  }
}
