package dev.place.fanout;

import dev.place.shared.snapshot.SnapshotStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Snapshots in the S3 bucket behind CloudFront. S3 replaces an object atomically, and the headers
 * set here are what CloudFront and browsers cache by: tile versions for a year and immutable, the
 * index for a second. Old versions are removed by the bucket's lifecycle rule, not here.
 */
final class S3SnapshotStore implements SnapshotStore {

  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  static final String INDEX = "public, max-age=1";

  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  S3SnapshotStore(S3Client s3, String bucket, String prefix) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
  }

  @Override
  public void putImmutable(String name, byte[] body) {
    s3.putObject(b -> b.bucket(bucket).key(prefix + name).contentType("application/octet-stream").cacheControl(IMMUTABLE),
        RequestBody.fromBytes(body));
  }

  @Override
  public void putIndex(String name, byte[] body) {
    s3.putObject(b -> b.bucket(bucket).key(prefix + name).contentType("application/json").cacheControl(INDEX),
        RequestBody.fromBytes(body));
  }
}
