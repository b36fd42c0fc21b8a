package dev.place.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileId;
import dev.place.shared.snapshot.SnapshotPaths;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The snapshot objects the stack's CloudFront behaviors expect, written to a real S3 API
 * (LocalStack): immutable tile versions under {@code snapshots/tiles/...} and the index at
 * {@code snapshots/latest.json}, with the Cache-Control each carries for browsers. Skipped where no
 * Docker engine runs (Testcontainers' disabledWithoutDocker), as on this project's build machines.
 */
@Testcontainers(disabledWithoutDocker = true)
class SnapshotBucketLocalStackIT {

  @Container
  static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
      .withServices(LocalStackContainer.Service.S3);

  @Test
  void immutableTilesAndTheLatestIndexLandWhereTheDistributionServesThem() {
    try (S3Client s3 = S3Client.builder()
        .endpointOverride(LOCALSTACK.getEndpoint())
        .region(Region.of(LOCALSTACK.getRegion()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
        .forcePathStyle(true)
        .build()) {
      s3.createBucket(b -> b.bucket("content"));
      String tile = StaticSite.SNAPSHOT_PREFIX + "/" + SnapshotPaths.tile(new TileId(3, 1), 42);
      String index = StaticSite.SNAPSHOT_PREFIX + "/" + SnapshotPaths.INDEX;
      s3.putObject(b -> b.bucket("content").key(tile).cacheControl("public, max-age=31536000, immutable"),
          RequestBody.fromBytes(new byte[] {1, 2, 3}));
      s3.putObject(b -> b.bucket("content").key(index).cacheControl("public, max-age=1").contentType("application/json"),
          RequestBody.fromString("{\"tiles\":{}}"));

      HeadObjectResponse tileHead = s3.headObject(b -> b.bucket("content").key(tile));
      HeadObjectResponse indexHead = s3.headObject(b -> b.bucket("content").key(index));

      assertThat(tileHead.cacheControl()).contains("immutable");
      assertThat(indexHead.cacheControl()).isEqualTo("public, max-age=1");
      assertThat(tile).startsWith("snapshots/tiles/3-1/");
      assertThat(index).isEqualTo("snapshots/latest.json");
    }
  }
}
