package dev.place.shared.timelapse;

import java.util.Optional;

/**
 * What the timelapse routes call: {@link DispatchingTimelapseJobs}, which starts workers in a
 * Lambda (small jobs) or an ECS task (large ones) in AWS, and in the emulated Lambda on the local
 * cloud (docs/history.md, Jobs).
 */
public interface TimelapseJobs {

  /** Starts the render unless the same request is already done or under way; either way its status. */
  JobStatus submit(TimelapseRequest request);

  /** The job's status, or empty if no such job is known. */
  Optional<JobStatus> status(String id);
}
