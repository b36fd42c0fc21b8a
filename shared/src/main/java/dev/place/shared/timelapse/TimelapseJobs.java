package dev.place.shared.timelapse;

import java.util.Optional;

/**
 * Where timelapse renders run. Locally an in-process runner ({@link LocalTimelapseJobs}); in AWS a
 * Lambda for small jobs and an ECS task for large ones behind the same two calls (docs/history.md).
 */
public interface TimelapseJobs {

  /** Starts the render unless the same request is already done or under way; either way its status. */
  JobStatus submit(TimelapseRequest request);

  /** The job's status, or empty if no such job is known. */
  Optional<JobStatus> status(String id);
}
