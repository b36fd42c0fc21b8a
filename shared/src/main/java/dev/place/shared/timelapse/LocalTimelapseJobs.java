package dev.place.shared.timelapse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local cloud's job runner: renders in a background thread of the local cloud's JVM into a
 * directory that the local HTTP API serves (the CDN path in AWS). A result is a file named by the
 * request's id; it appears by an atomic rename only when complete, so "the file exists" means "done",
 * also after a restart. Status of running jobs lives in memory.
 */
public final class LocalTimelapseJobs implements TimelapseJobs, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalTimelapseJobs.class);
  private static volatile LocalTimelapseJobs installed;

  private final Path directory;
  private final String baseUrl;
  private final HistorySource source;
  private final int tileSize;
  private final int threads;
  private final ExecutorService executor;
  private AutoCloseable resource = () -> { };
  private final Map<String, JobStatus> jobs = new ConcurrentHashMap<>();

  /**
   * @param baseUrl the public URL of {@code directory}, e.g. {@code http://127.0.0.1:3000/timelapse}
   * @param threads encoder threads per job
   */
  public LocalTimelapseJobs(Path directory, String baseUrl, HistorySource source, int tileSize, int threads) {
    this.directory = directory;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.source = source;
    this.tileSize = tileSize;
    this.threads = threads;
    // One job at a time: a render already uses every core it is given.
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "timelapse-jobs");
      t.setDaemon(true);
      return t;
    });
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + directory, e);
    }
  }

  /**
   * The local cloud's runner: reads history from Cassandra with its own session, uses every core for
   * encoding, and is installed for this JVM's handlers.
   */
  public static LocalTimelapseJobs startLocal(dev.place.shared.config.PlaceConfig config, Path directory, String baseUrl) {
    com.datastax.oss.driver.api.core.CqlSession session = dev.place.shared.history.CassandraSessions.open(config);
    LocalTimelapseJobs jobs = new LocalTimelapseJobs(directory, baseUrl,
        new dev.place.shared.history.TileHistory(session, config.tileSize()), config.tileSize(),
        Runtime.getRuntime().availableProcessors());
    jobs.resource = session;
    install(jobs);
    return jobs;
  }

  /** Makes this runner the one the HTTP handlers of this JVM use (the local cloud's in-process runner). */
  public static void install(LocalTimelapseJobs jobs) {
    installed = jobs;
  }

  public static Optional<LocalTimelapseJobs> installed() {
    return Optional.ofNullable(installed);
  }

  @Override
  public JobStatus submit(TimelapseRequest request) {
    String id = request.id();
    Path result = directory.resolve(request.fileName());
    if (Files.exists(result)) {
      return done(request);
    }
    JobStatus queued = new JobStatus(id, JobStatus.State.QUEUED, 0, null, null);
    JobStatus previous = jobs.putIfAbsent(id, queued);
    if (previous != null && previous.state() != JobStatus.State.FAILED) {
      return previous;
    }
    if (previous != null) {
      jobs.put(id, queued); // a failed job is retried when asked again
    }
    executor.execute(() -> run(request, result));
    return queued;
  }

  private void run(TimelapseRequest request, Path result) {
    String id = request.id();
    Path partial = directory.resolve(request.fileName() + ".part");
    try {
      TimelapseRenderer.render(source, tileSize, request, partial, threads,
          percent -> progress(id, Math.min(percent, 99)));
      Files.move(partial, result, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      jobs.put(id, done(request));
    } catch (Exception | OutOfMemoryError e) {
      LOG.error("timelapse {} failed", id, e);
      jobs.put(id, new JobStatus(id, JobStatus.State.FAILED, 0, null, String.valueOf(e.getMessage())));
      try {
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  /** Encoder workers report concurrently and may report out of order: percent only ever grows. */
  private void progress(String id, int percent) {
    jobs.compute(id, (k, old) -> old != null && old.state() == JobStatus.State.RUNNING && old.percent() >= percent
        ? old
        : new JobStatus(id, JobStatus.State.RUNNING, percent, null, null));
  }

  private JobStatus done(TimelapseRequest request) {
    return new JobStatus(request.id(), JobStatus.State.DONE, 100, baseUrl + "/" + request.fileName(), null);
  }

  @Override
  public Optional<JobStatus> status(String id) {
    JobStatus known = jobs.get(id);
    if (known != null) {
      return Optional.of(known);
    }
    // Finished before a restart: the file is the record.
    for (TimelapseRequest.Format f : TimelapseRequest.Format.values()) {
      if (id.matches("[0-9a-f]{32}") && Files.exists(directory.resolve(id + "." + f.extension))) {
        return Optional.of(new JobStatus(id, JobStatus.State.DONE, 100, baseUrl + "/" + id + "." + f.extension, null));
      }
    }
    return Optional.empty();
  }

  public Path directory() {
    return directory;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    if (installed == this) {
      installed = null;
    }
    try {
      resource.close();
    } catch (Exception e) {
      LOG.warn("closing the history session failed: {}", e.toString());
    }
  }
}
