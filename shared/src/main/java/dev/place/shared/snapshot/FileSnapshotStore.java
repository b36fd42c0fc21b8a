package dev.place.shared.snapshot;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Snapshots in a local directory, served by the local cloud at the CDN's paths. Each object is
 * written to a temporary file and renamed into place, so the HTTP server never serves half a file
 * and the index never names a tile that is not complete on disk.
 */
public final class FileSnapshotStore implements SnapshotStore {

  private final Path root;
  private final Duration keepOldVersions;
  private final Clock clock;

  /**
   * @param keepOldVersions how long a superseded version of a tile stays readable: long enough for
   *     any reader of a slightly old index (the index is cached about a second), short enough that
   *     a busy tile does not leave one file per second for ever. S3 does this with a lifecycle rule.
   */
  public FileSnapshotStore(Path root, Duration keepOldVersions, Clock clock) {
    this.root = root.toAbsolutePath().normalize();
    this.keepOldVersions = keepOldVersions;
    this.clock = clock;
  }

  public FileSnapshotStore(Path root) {
    this(root, Duration.ofMinutes(1), Clock.systemUTC());
  }

  public Path root() {
    return root;
  }

  @Override
  public void putImmutable(String name, byte[] body) throws IOException {
    Path target = resolve(name);
    if (!Files.exists(target)) {
      write(target, body);
      pruneSiblings(target);
    }
  }

  /**
   * Deletes older versions in the new version's folder written more than {@code keepOldVersions}
   * ago, always keeping the one just superseded (the index a reader holds may still name it).
   */
  private void pruneSiblings(Path newest) throws IOException {
    long cutoff = clock.millis() - keepOldVersions.toMillis();
    List<Path> older = new ArrayList<>();
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(newest.getParent(), "*.u4.gz")) {
      for (Path sibling : siblings) {
        if (!sibling.equals(newest)) {
          older.add(sibling);
        }
      }
    }
    older.sort(Comparator.comparingLong(FileSnapshotStore::sequenceOf));
    for (int i = 0; i < older.size() - 1; i++) {
      if (Files.getLastModifiedTime(older.get(i)).toMillis() < cutoff) {
        Files.deleteIfExists(older.get(i));
      }
    }
  }

  private static long sequenceOf(Path version) {
    String name = version.getFileName().toString();
    try {
      return Long.parseLong(name.substring(0, name.indexOf('.')));
    } catch (RuntimeException e) {
      return Long.MAX_VALUE; // not ours: sorts last, never deleted
    }
  }

  @Override
  public void putIndex(String name, byte[] body) throws IOException {
    write(resolve(name), body);
  }

  private Path resolve(String name) {
    Path target = root.resolve(name).normalize();
    if (!target.startsWith(root)) {
      throw new IllegalArgumentException("object name leaves the snapshot directory: " + name);
    }
    return target;
  }

  private static void write(Path target, byte[] body) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), ".part-", ".tmp");
    try {
      Files.write(temp, body);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
