package dev.place.shared.timelapse.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.config.ConfigException;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.timelapse.DispatchingTimelapseJobs;
import dev.place.shared.timelapse.MemoryHistory;
import dev.place.shared.timelapse.JobStore;
import dev.place.shared.timelapse.TimelapseWorker;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AwsTimelapseTest {

  private static Map<String, String> complete() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "eu-west-1");
    env.put("PLACE_TIMELAPSE_BUCKET", "place-media");
    env.put("PLACE_TIMELAPSE_BASE_URL", "https://d123.cloudfront.net/timelapse");
    env.put("PLACE_TIMELAPSE_WORKER_FUNCTION", "place-timelapse-worker");
    env.put("PLACE_TIMELAPSE_CLUSTER", "place");
    env.put("PLACE_TIMELAPSE_TASK_DEFINITION", "place-timelapse:3");
    env.put("PLACE_TIMELAPSE_SUBNETS", "subnet-a,subnet-b");
    env.put("PLACE_TIMELAPSE_SECURITY_GROUPS", "sg-1");
    return env;
  }

  private static PlaceConfig config(Map<String, String> env) {
    return PlaceConfig.from(Map.copyOf(env)::get);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PLACE_TIMELAPSE_BUCKET", "PLACE_TIMELAPSE_WORKER_FUNCTION", "PLACE_TIMELAPSE_CLUSTER",
      "PLACE_TIMELAPSE_TASK_DEFINITION", "PLACE_TIMELAPSE_SUBNETS", "PLACE_TIMELAPSE_SECURITY_GROUPS"})
  void theDispatcherNamesEachRequiredVariableThatIsMissingOrBlank(String variable) {
    Map<String, String> missing = complete();
    missing.remove(variable);
    assertThatThrownBy(() -> AwsTimelapse.dispatcher(config(missing)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(variable);

    Map<String, String> blank = complete();
    blank.put(variable, variable.endsWith("S") ? " , ," : "  ");
    assertThatThrownBy(() -> AwsTimelapse.dispatcher(config(blank)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(variable);
  }

  @Test
  void theWorkerNeedsOnlyTheBucket() {
    Map<String, String> workerOnly = Map.of("AWS_REGION", "eu-west-1", "PLACE_TIMELAPSE_BUCKET", "place-media");
    List<URI> connections = withoutNetwork(() -> {
      TimelapseWorker worker = AwsTimelapse.worker(config(workerOnly), new MemoryHistory(256, List.of()));
      assertThat(worker).isNotNull();
    });
    assertThat(connections).isEmpty();

    assertThatThrownBy(() -> AwsTimelapse.worker(config(Map.of("AWS_REGION", "eu-west-1")), new MemoryHistory(256, List.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PLACE_TIMELAPSE_BUCKET");
  }

  @Test
  void withEverythingSetTheDispatcherIsBuiltWithoutConnectingAnywhere() {
    List<URI> connections = withoutNetwork(() -> {
      DispatchingTimelapseJobs jobs = AwsTimelapse.dispatcher(config(complete()));
      assertThat(jobs).isNotNull();
    });
    assertThat(connections).isEmpty();
  }

  @Test
  void theStoreWritesToTheConfiguredBucketAndServesFromTheConfiguredUrl() {
    JobStore store = AwsTimelapse.store(config(complete()));
    assertThat(store).isInstanceOf(S3JobStore.class);
    assertThat(store.resultUrl("a.mp4")).isEqualTo("https://d123.cloudfront.net/timelapse/a.mp4");
  }

  @Test
  void withADirectoryInsteadOfABucketEveryJobGoesToTheWorkerFunctionAtTheConfiguredEndpoint(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    // The local cloud: no bucket, no ECS; the Lambda API is its emulation on loopback.
    Map<String, String> local = Map.of("AWS_REGION", "us-east-1", "PLACE_TIMELAPSE_DIR", dir.toString(),
        "PLACE_TIMELAPSE_BASE_URL", "http://127.0.0.1:3000/timelapse",
        "PLACE_TIMELAPSE_WORKER_FUNCTION", "place-timelapse-worker", "PLACE_LAMBDA_ENDPOINT", "http://127.0.0.1:3002");
    JobStore store = AwsTimelapse.store(config(local));
    assertThat(store).isInstanceOf(dev.place.shared.timelapse.DirectoryJobStore.class);
    assertThat(store.resultUrl("a.gif")).isEqualTo("http://127.0.0.1:3000/timelapse/a.gif");
    assertThat(dir.resolve("timelapse")).isDirectory();
    assertThat(dir.resolve("timelapse-jobs")).isDirectory();
    List<URI> connections = withoutNetwork(() -> assertThat(AwsTimelapse.dispatcher(config(local))).isNotNull());
    assertThat(connections).isEmpty();

    Map<String, String> noWorker = new java.util.HashMap<>(local);
    noWorker.remove("PLACE_TIMELAPSE_WORKER_FUNCTION");
    assertThatThrownBy(() -> AwsTimelapse.dispatcher(config(noWorker))).hasMessageContaining("PLACE_TIMELAPSE_WORKER_FUNCTION");
  }

  /**
   * Runs {@code action} with a default {@link ProxySelector} that refuses and records every connection
   * the JDK's HTTP stacks (which the SDK's url-connection client and its metadata lookups use) would make.
   */
  private static List<URI> withoutNetwork(Runnable action) {
    List<URI> attempted = new CopyOnWriteArrayList<>();
    ProxySelector previous = ProxySelector.getDefault();
    ProxySelector.setDefault(new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        attempted.add(uri);
        throw new IllegalStateException("unit tests make no network calls; tried " + uri);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException e) {}
    });
    try {
      action.run();
    } finally {
      ProxySelector.setDefault(previous);
    }
    return attempted;
  }
}
