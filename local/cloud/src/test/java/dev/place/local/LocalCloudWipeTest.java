package dev.place.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.local.engine.EngineSettings;
import dev.place.local.engine.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code local/run --wipe}: what the local cloud hands the engines to delete, without starting them. */
class LocalCloudWipeTest {

  @TempDir
  Path data;

  @Test
  void aWipeDeletesTheTimelapseResultsAndRecordsWithTheHistoryTheyWereRenderedFrom() throws IOException {
    for (String entry : new String[] {"redis", "kafka", "cassandra", "timelapse", "timelapse-jobs", "bin"}) {
      Files.writeString(Files.createDirectories(data.resolve(entry)).resolve("file"), entry);
    }
    Files.writeString(data.resolve("redis.log"), "log");

    Engines.wipe(LocalCloud.engineSettings(settings(true)));

    assertThat(data.resolve("redis")).doesNotExist();
    assertThat(data.resolve("kafka")).doesNotExist();
    assertThat(data.resolve("cassandra")).doesNotExist();
    assertThat(data.resolve("timelapse")).doesNotExist();
    assertThat(data.resolve("timelapse-jobs")).doesNotExist();
    // The Redis binary cache and the logs are not data: a wipe keeps them.
    assertThat(data.resolve("bin/file")).exists();
    assertThat(data.resolve("redis.log")).exists();
  }

  @Test
  void withoutWipeNothingIsMarkedForDeletionButTheDerivedEntriesAreStillKnown() {
    EngineSettings settings = LocalCloud.engineSettings(settings(false));
    assertThat(settings.wipe()).isFalse();
    assertThat(settings.derivedData()).containsExactly("timelapse", "timelapse-jobs");
  }

  @Test
  void derivedEntriesMustBePlainNamesInsideTheDataDirectory() {
    for (String bad : new String[] {"..", "../x", "a/b", "/abs", "", "bin"}) {
      assertThatThrownBy(() -> EngineSettings.builder().wipeAlso(bad))
          .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain name");
    }
  }

  private LocalCloudSettings settings(boolean wipe) {
    LocalCloudSettings d = LocalCloudSettings.defaults();
    return new LocalCloudSettings(data, wipe, 0, 0, 0, 0, 0, 0, 0, 0, 0, d.overrides());
  }
}
