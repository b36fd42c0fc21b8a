package dev.place.shared.timelapse.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.timelapse.JobStatus;
import dev.place.shared.timelapse.StoredJob;
import dev.place.shared.timelapse.TimelapseRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * {@link S3JobStore} against a real S3 API (LocalStack): what the unit tests' in-memory bucket
 * assumes of S3 (conditional PUTs answered 412, ETags as versions, 404 for a missing key) holds.
 * Skipped where no Docker engine runs (Testcontainers' disabledWithoutDocker), as on this project's
 * build machines.
 */
@Testcontainers(disabledWithoutDocker = true)
class S3JobStoreLocalStackIT {

  @Container
  static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
      .withServices(LocalStackContainer.Service.S3);

  private static S3Client s3() {
    return S3Client.builder()
        .endpointOverride(LOCALSTACK.getEndpoint())
        .region(Region.of(LOCALSTACK.getRegion()))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .forcePathStyle(true)
        .build();
  }

  @Test
  void claimsAreConditionalWritesOnARealS3Api() {
    try (S3Client s3 = s3()) {
      s3.createBucket(b -> b.bucket("claims"));
      S3JobStore store = new S3JobStore(s3, "claims", "https://cdn.example/timelapse");
      String id = S3JobStoreTest.request(TimelapseRequest.Format.MP4).id();
      JobStatus queued = new JobStatus(id, JobStatus.State.QUEUED, 0, null, null);

      assertThat(store.read(id)).isEmpty();
      assertThat(store.claim(queued, 1, null)).isTrue();
      assertThat(store.claim(queued, 2, null)).isFalse();

      StoredJob first = store.read(id).orElseThrow();
      assertThat(first.updatedAtMillis()).isEqualTo(1);
      store.write(new JobStatus(id, JobStatus.State.RUNNING, 10, null, null), 3);
      StoredJob current = store.read(id).orElseThrow();
      assertThat(current.version()).isNotEqualTo(first.version());

      assertThat(store.claim(queued, 4, first.version())).isFalse();
      assertThat(store.claim(queued, 5, current.version())).isTrue();
      assertThat(store.read(id).orElseThrow().updatedAtMillis()).isEqualTo(5);
    }
  }

  @Test
  void resultsArePublishedImmutableAndFoundByHead(@TempDir Path dir) throws Exception {
    try (S3Client s3 = s3()) {
      s3.createBucket(b -> b.bucket("results"));
      S3JobStore store = new S3JobStore(s3, "results", "https://cdn.example/timelapse");
      String name = S3JobStoreTest.request(TimelapseRequest.Format.GIF).fileName();

      assertThat(store.resultExists(name)).isFalse();
      store.publish(Files.write(dir.resolve("r.gif"), "GIF89a".getBytes()), name, "image/gif");
      assertThat(store.resultExists(name)).isTrue();

      HeadObjectResponse head = s3.headObject(b -> b.bucket("results").key(S3JobStore.RESULTS + name));
      assertThat(head.contentType()).isEqualTo("image/gif");
      assertThat(head.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
    }
  }
}
