package dev.place.shared.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSnapshotStoreTest {

  @Test
  void anImmutableObjectIsNeverRewrittenAndTheIndexIsReplaced(@TempDir Path dir) throws Exception {
    FileSnapshotStore store = new FileSnapshotStore(dir);
    store.putImmutable("tiles/0-0/1.u4.gz", new byte[] {1});
    store.putImmutable("tiles/0-0/1.u4.gz", new byte[] {2});
    store.putIndex("latest.json", "a".getBytes());
    store.putIndex("latest.json", "b".getBytes());

    assertThat(Files.readAllBytes(dir.resolve("tiles/0-0/1.u4.gz"))).containsExactly(1);
    assertThat(Files.readString(dir.resolve("latest.json"))).isEqualTo("b");
    try (var files = Files.walk(dir)) {
      assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).as("no temporary files left").isEmpty();
    }
  }

  @Test
  void namesCannotLeaveTheDirectory(@TempDir Path dir) {
    FileSnapshotStore store = new FileSnapshotStore(dir.resolve("snapshots"));
    assertThatThrownBy(() -> store.putIndex("../evil.json", new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oldVersionsArePrunedButTheJustSupersededOneStays(@TempDir Path dir) throws Exception {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000);
    java.time.Clock clock = new java.time.Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        return java.time.Instant.ofEpochMilli(now.get());
      }
    };
    FileSnapshotStore store = new FileSnapshotStore(dir, java.time.Duration.ofSeconds(60), clock);
    for (int seq = 1; seq <= 3; seq++) {
      store.putImmutable("tiles/0-0/" + seq + ".u4.gz", new byte[] {(byte) seq});
      Files.setLastModifiedTime(dir.resolve("tiles/0-0/" + seq + ".u4.gz"), java.nio.file.attribute.FileTime.fromMillis(now.get()));
    }
    store.putImmutable("tiles/0-0/4.u4.gz", new byte[] {4});
    Files.setLastModifiedTime(dir.resolve("tiles/0-0/4.u4.gz"), java.nio.file.attribute.FileTime.fromMillis(now.get()));
    assertThat(dir.resolve("tiles/0-0/1.u4.gz")).as("young versions stay").exists();

    now.addAndGet(61_000);
    store.putImmutable("tiles/0-0/10.u4.gz", new byte[] {10});
    assertThat(dir.resolve("tiles/0-0/1.u4.gz")).doesNotExist();
    assertThat(dir.resolve("tiles/0-0/2.u4.gz")).doesNotExist();
    assertThat(dir.resolve("tiles/0-0/3.u4.gz")).doesNotExist();
    assertThat(dir.resolve("tiles/0-0/4.u4.gz")).as("the version just superseded").exists();
    assertThat(dir.resolve("tiles/0-0/10.u4.gz")).exists();
  }
}
