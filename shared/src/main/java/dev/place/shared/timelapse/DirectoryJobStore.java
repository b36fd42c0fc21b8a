package dev.place.shared.timelapse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local cloud's {@link JobStore}: results in a directory the local HTTP API serves at
 * {@code /timelapse} (the CDN path in AWS), statuses as JSON files in a sibling directory that is not
 * served (the bucket's {@code timelapse-jobs/} prefix in AWS). Files appear by atomic rename, so a
 * result that exists is complete, also after a restart. Claims are serialised per directory across
 * every instance in the JVM (the local cloud's emulated execution environments each have their
 * own store, like Lambda environments each have their own S3 client).
 */
public final class DirectoryJobStore implements JobStore {

  public static final String RESULTS = "timelapse";
  public static final String RECORDS = "timelapse-jobs";
  private static final java.util.concurrent.ConcurrentHashMap<Path, Object> LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

  private final Object lock;

  private final Path results;
  private final Path jobs;
  private final String baseUrl;

  /** @param baseUrl the public URL of {@code results}, e.g. {@code http://127.0.0.1:3000/timelapse} */
  public DirectoryJobStore(Path results, Path jobs, String baseUrl) {
    this.results = results;
    this.jobs = jobs;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.lock = LOCKS.computeIfAbsent(jobs.toAbsolutePath().normalize(), k -> new Object());
    try {
      Files.createDirectories(results);
      Files.createDirectories(jobs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + results + " or " + jobs, e);
    }
  }

  /** The local cloud's layout: {@code <data>/timelapse} (served at {@code baseUrl}) and {@code <data>/timelapse-jobs}. */
  public static DirectoryJobStore under(Path dataDir, String baseUrl) {
    return new DirectoryJobStore(dataDir.resolve(RESULTS), dataDir.resolve(RECORDS), baseUrl);
  }

  @Override
  public boolean resultExists(String fileName) {
    return Files.isRegularFile(results.resolve(fileName));
  }

  @Override
  public String resultUrl(String fileName) {
    return baseUrl + "/" + fileName;
  }

  @Override
  public void publish(Path file, String fileName, String contentType) throws IOException {
    Files.move(file, results.resolve(fileName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public Optional<StoredJob> read(String id) {
    Path file = statusFile(id);
    synchronized (lock) {
      return readLocked(file);
    }
  }

  private static Optional<StoredJob> readLocked(Path file) {
    try {
      String json = Files.readString(file, StandardCharsets.UTF_8);
      return Optional.of(JobJson.status(json, Integer.toHexString(json.hashCode()) + ":" + json.length()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean claim(JobStatus status, String runner, long nowMillis, String expectedVersion) {
    synchronized (lock) {
      Optional<String> current = read(status.id()).map(StoredJob::version);
      if (!current.equals(Optional.ofNullable(expectedVersion))) {
        return false;
      }
      write(status, runner, nowMillis);
      return true;
    }
  }

  @Override
  public void write(JobStatus status, String runner, long nowMillis) {
    Path file = statusFile(status.id());
    Path temp = jobs.resolve(status.id() + ".json.tmp");
    synchronized (lock) {
      try {
        Files.writeString(temp, JobJson.status(status, runner, nowMillis), StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Marks every unfinished job FAILED with {@code reason}: the local cloud calls it at start, since
   * no job outlives the JVM that ran it. Returns how many it marked.
   */
  public int failUnfinished(String reason, long nowMillis) {
    int marked = 0;
    synchronized (lock) {
      for (StoredJob job : all()) {
        if (!job.finished()) {
          write(new JobStatus(job.status().id(), JobStatus.State.FAILED, job.status().percent(), null, reason),
              job.runner(), nowMillis);
          marked++;
        }
      }
    }
    return marked;
  }

  @Override
  public Path scratch(String fileName) throws IOException {
    // Beside the statuses: not served, and on the results' file system so publish is a rename.
    return jobs.resolve(fileName + ".part");
  }

  /** Every stored job record. */
  public java.util.List<StoredJob> all() {
    try (Stream<Path> files = Files.list(jobs)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .map(n -> read(n.substring(0, n.length() - ".json".length())))
          .flatMap(Optional::stream)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path statusFile(String id) {
    if (!id.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("invalid job id");
    }
    return jobs.resolve(id + ".json");
  }
}
