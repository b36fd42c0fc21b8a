package dev.place.shared.timelapse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where results and job statuses live: a directory the local HTTP API serves, or an S3 bucket behind
 * CloudFront. Results are named by the request's id (content-addressed) and appear only complete;
 * statuses are small records the dispatcher creates and the worker updates.
 */
public interface JobStore {

  boolean resultExists(String fileName);

  /** The public URL of a result. */
  String resultUrl(String fileName);

  /** Makes a finished file the result named {@code fileName}, all at once. */
  void publish(Path file, String fileName, String contentType) throws IOException;

  Optional<StoredJob> read(String id);

  /**
   * Writes {@code status} only if the stored record is still the one the caller read: none at all
   * when {@code expectedVersion} is null, else that version. False when another dispatcher got there
   * first; this is what keeps two identical requests from starting two renders.
   */
  boolean claim(JobStatus status, String runner, long nowMillis, String expectedVersion);

  default boolean claim(JobStatus status, long nowMillis, String expectedVersion) {
    return claim(status, null, nowMillis, expectedVersion);
  }

  /** Writes unconditionally: the worker owns its job's record once it runs. */
  void write(JobStatus status, String runner, long nowMillis);

  default void write(JobStatus status, long nowMillis) {
    write(status, null, nowMillis);
  }

  /** Where a worker renders before {@link #publish}; on the same file system as the results if that matters. */
  Path scratch(String fileName) throws IOException;
}
