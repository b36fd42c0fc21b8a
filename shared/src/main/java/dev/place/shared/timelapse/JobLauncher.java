package dev.place.shared.timelapse;

/**
 * Starts a worker for a claimed job somewhere else: an asynchronous Lambda invocation, an ECS task,
 * or a thread of the local cloud. Returns once the start is accepted, not when the render is done.
 */
public interface JobLauncher {

  /** @throws Exception if the job could not be started; the dispatcher marks it FAILED with the reason */
  void launch(TimelapseRequest request) throws Exception;
}
