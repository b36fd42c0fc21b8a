package dev.place.shared.timelapse;

import dev.place.shared.config.PlaceConfig;
import dev.place.shared.history.CassandraSessions;
import dev.place.shared.history.TileHistory;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local cloud's job runner: the same dispatcher and worker as in AWS
 * ({@link DispatchingTimelapseJobs}, {@link TimelapseWorker}), with a {@link DirectoryJobStore} in
 * place of S3 and a background thread of the local cloud's JVM in place of Lambda and ECS. One job
 * renders at a time, because a render already uses every core it is given.
 */
public final class LocalTimelapseJobs implements TimelapseJobs, AutoCloseable {

  /** Locally a heartbeat costs a file rename: often enough that progress reads smoothly. */
  static final long HEARTBEAT_MILLIS = 2_000;

  private static volatile LocalTimelapseJobs installed;

  private final Path directory;
  private final ExecutorService executor;
  private final DispatchingTimelapseJobs jobs;
  private AutoCloseable resource = () -> { };

  /**
   * @param results the directory served at {@code baseUrl}
   * @param statuses where job records and partial renders live (not served)
   * @param threads encoder threads per job
   */
  public LocalTimelapseJobs(Path results, Path statuses, String baseUrl, HistorySource source, int tileSize, int threads) {
    this.directory = results;
    DirectoryJobStore store = new DirectoryJobStore(results, statuses, baseUrl);
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "timelapse-jobs");
      t.setDaemon(true);
      return t;
    });
    TimelapseWorker worker = new TimelapseWorker(source, tileSize, store, threads, HEARTBEAT_MILLIS, System::currentTimeMillis);
    JobLauncher thread = request -> executor.execute(() -> worker.run(request));
    this.jobs = new DispatchingTimelapseJobs(store, thread, thread, Long.MAX_VALUE, System::currentTimeMillis);
    // No local job outlives the JVM that ran it: say so now rather than a minute later.
    long now = System.currentTimeMillis();
    for (StoredJob job : store.all()) {
      if (!job.finished()) {
        store.write(new JobStatus(job.status().id(), JobStatus.State.FAILED, job.status().percent(), null,
            "interrupted by a restart of the local cloud; request the same timelapse again to restart it"), now);
      }
    }
  }

  /**
   * The local cloud's runner: reads history from Cassandra with its own session, uses every core for
   * encoding, and is installed for this JVM's handlers.
   */
  public static LocalTimelapseJobs startLocal(PlaceConfig config, Path results, Path statuses, String baseUrl) {
    com.datastax.oss.driver.api.core.CqlSession session = CassandraSessions.open(config);
    LocalTimelapseJobs local = new LocalTimelapseJobs(results, statuses, baseUrl,
        new TileHistory(session, config.tileSize()), config.tileSize(), Runtime.getRuntime().availableProcessors());
    local.resource = session;
    install(local);
    return local;
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
    return jobs.submit(request);
  }

  @Override
  public Optional<JobStatus> status(String id) {
    return jobs.status(id);
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
      org.slf4j.LoggerFactory.getLogger(LocalTimelapseJobs.class).warn("closing the history session failed: {}", e.toString());
    }
  }
}
