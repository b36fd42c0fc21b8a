package dev.place.shared.timelapse.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.timelapse.JobJson;
import dev.place.shared.timelapse.JobStatus;
import dev.place.shared.timelapse.Region;
import dev.place.shared.timelapse.StoredJob;
import dev.place.shared.timelapse.TimelapseRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3JobStoreTest {

  static final String BUCKET = "place-media";
  static final String BASE_URL = "https://d123.cloudfront.net/timelapse";

  private final FakeS3 s3 = new FakeS3();
  private final S3JobStore store = new S3JobStore(s3, BUCKET, BASE_URL);

  static TimelapseRequest request(TimelapseRequest.Format format) {
    return new TimelapseRequest(new Region(0, 0, 64, 48), 0, 1000, 10, 10, format);
  }

  private static final String ID = request(TimelapseRequest.Format.MP4).id();

  private static JobStatus status(JobStatus.State state, int percent) {
    return new JobStatus(ID, state, percent, null, null);
  }

  @Test
  void resultsLiveUnderTimelapseAndStatusesUnderTimelapseJobs(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("out.mp4"), new byte[] {1, 2, 3});
    store.publish(file, ID + ".mp4", "video/mp4");
    store.write(status(JobStatus.State.RUNNING, 5), 1_000);

    assertThat(s3.keys()).containsExactly(BUCKET + "/timelapse-jobs/" + ID + ".json", BUCKET + "/timelapse/" + ID + ".mp4");
    assertThat(S3JobStore.RESULTS).isEqualTo("timelapse/");
    assertThat(S3JobStore.STATUSES).isEqualTo("timelapse-jobs/");
  }

  @Test
  void publishUploadsTheFilesBytesWithItsContentTypeCachedForAYearAsImmutable(@TempDir Path dir) throws Exception {
    byte[] gif = "GIF89a and the rest".getBytes(StandardCharsets.US_ASCII);
    store.publish(Files.write(dir.resolve("x.gif"), gif), ID + ".gif", "image/gif");

    FakeS3.StoredObject o = s3.object(BUCKET, "timelapse/" + ID + ".gif");
    assertThat(o.bytes()).isEqualTo(gif);
    assertThat(o.contentType()).isEqualTo("image/gif");
    assertThat(o.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
  }

  @Test
  void statusRecordsAreJsonThatIsNeverCached() {
    store.write(status(JobStatus.State.RUNNING, 40), 1_234);

    FakeS3.StoredObject o = s3.object(BUCKET, "timelapse-jobs/" + ID + ".json");
    assertThat(o.contentType()).isEqualTo("application/json");
    assertThat(o.cacheControl()).isEqualTo("no-store");
    StoredJob parsed = JobJson.status(o.text(), "v");
    assertThat(parsed.status()).isEqualTo(status(JobStatus.State.RUNNING, 40));
    assertThat(parsed.updatedAtMillis()).isEqualTo(1_234);
  }

  @Test
  void resultExistsOnlyOnceTheResultIsUploaded(@TempDir Path dir) throws Exception {
    assertThat(store.resultExists(ID + ".mp4")).isFalse();
    store.publish(Files.write(dir.resolve("r"), new byte[] {9}), ID + ".mp4", "video/mp4");
    assertThat(store.resultExists(ID + ".mp4")).isTrue();
    assertThat(store.resultExists(ID + ".gif")).isFalse();
    assertThat(s3.calls()).contains("HEAD " + BUCKET + "/timelapse/" + ID + ".mp4");
  }

  @Test
  void aPlain404FromHeadAlsoMeansNoResult() {
    // HEAD has no body, so S3 cannot always say NoSuchKey: the SDK may raise a bare S3Exception.
    s3.failNextHead(FakeS3.error(404, "NotFound"));
    assertThat(store.resultExists(ID + ".mp4")).isFalse();
  }

  @Test
  void anyOtherS3ErrorFromResultExistsPropagates() {
    S3Exception denied = FakeS3.error(403, "AccessDenied");
    s3.failNextHead(denied);
    assertThatThrownBy(() -> store.resultExists(ID + ".mp4")).isSameAs(denied);
  }

  @Test
  void readReturnsTheStatusWithItsUpdateTimeAndTheETagAsVersion() {
    assertThat(store.read(ID)).isEmpty();
    store.write(status(JobStatus.State.RUNNING, 12), 5_000);

    StoredJob job = store.read(ID).orElseThrow();
    assertThat(job.status()).isEqualTo(status(JobStatus.State.RUNNING, 12));
    assertThat(job.updatedAtMillis()).isEqualTo(5_000);
    assertThat(job.version()).isNotBlank().isEqualTo(s3.object(BUCKET, "timelapse-jobs/" + ID + ".json").eTag());
  }

  @Test
  void aClaimOfANewJobIsConditionalOnNoRecordExisting() {
    assertThat(store.claim(status(JobStatus.State.QUEUED, 0), 1, null)).isTrue();
    assertThat(store.claim(status(JobStatus.State.QUEUED, 0), 2, null)).isFalse();
    assertThat(store.read(ID).orElseThrow().updatedAtMillis()).isEqualTo(1); // the loser wrote nothing
  }

  @Test
  void aRestartClaimSucceedsOnlyWithTheETagOfTheRecordItRead() {
    store.write(new JobStatus(ID, JobStatus.State.FAILED, 30, null, "boom"), 1);
    String read = store.read(ID).orElseThrow().version();
    store.write(status(JobStatus.State.RUNNING, 31), 2); // someone else moved on meanwhile
    String current = store.read(ID).orElseThrow().version();
    assertThat(current).isNotEqualTo(read);

    assertThat(store.claim(status(JobStatus.State.QUEUED, 0), 3, read)).isFalse();
    assertThat(store.read(ID).orElseThrow().status().state()).isEqualTo(JobStatus.State.RUNNING);

    assertThat(store.claim(status(JobStatus.State.QUEUED, 0), 4, current)).isTrue();
    StoredJob now = store.read(ID).orElseThrow();
    assertThat(now.status().state()).isEqualTo(JobStatus.State.QUEUED);
    assertThat(now.updatedAtMillis()).isEqualTo(4);
  }

  @Test
  void aConditionalRequestConflictFromS3AlsoMeansNotClaimed() {
    s3.failNextPut(FakeS3.error(409, "ConditionalRequestConflict"));
    assertThat(store.claim(status(JobStatus.State.QUEUED, 0), 1, null)).isFalse();
  }

  @Test
  void aRestartClaimOnARecordThatExpiredMeanwhileIsNotClaimedSoTheCallerReadsAgain() {
    // The dispatcher read a record with this ETag; the lifecycle rule removed it before the claim.
    assertThat(store.claim(status(JobStatus.State.QUEUED, 0), 1, "\"etag-of-an-expired-record\"")).isFalse();
    assertThat(store.claim(status(JobStatus.State.QUEUED, 0), 1, null)).isTrue();
  }

  @Test
  void otherS3ErrorsFromAClaimPropagate() {
    S3Exception unavailable = FakeS3.error(503, "SlowDown");
    s3.failNextPut(unavailable);
    assertThatThrownBy(() -> store.claim(status(JobStatus.State.QUEUED, 0), 1, null)).isSameAs(unavailable);
  }

  @Test
  void writeReplacesTheRecordWhateverItsVersion() {
    assertThat(store.claim(status(JobStatus.State.QUEUED, 0), 1, null)).isTrue();
    store.write(status(JobStatus.State.RUNNING, 50), 2);
    store.write(new JobStatus(ID, JobStatus.State.DONE, 100, "u", null), 3);
    assertThat(store.read(ID).orElseThrow().status().state()).isEqualTo(JobStatus.State.DONE);
  }

  @Test
  void invalidJobIdsAreRejectedBeforeAnyRequest() {
    for (String id : new String[] {"../../etc/passwd", ID.toUpperCase(), ID + "0", ID.substring(1), ""}) {
      assertThatThrownBy(() -> store.read(id)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid job id");
      JobStatus bad = new JobStatus(id, JobStatus.State.QUEUED, 0, null, null);
      assertThatThrownBy(() -> store.claim(bad, 1, null)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.write(bad, 1)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(s3.calls()).isEmpty();
  }

  @Test
  void theResultUrlJoinsTheBaseUrlAndTheFileNameWithOneSlash() {
    assertThat(new S3JobStore(s3, BUCKET, "https://cdn.example/timelapse").resultUrl("a.mp4"))
        .isEqualTo("https://cdn.example/timelapse/a.mp4");
    assertThat(new S3JobStore(s3, BUCKET, "https://cdn.example/timelapse/").resultUrl("a.mp4"))
        .isEqualTo("https://cdn.example/timelapse/a.mp4");
  }

  @Test
  void scratchFilesAreFreshTemporaryFilesNamedAfterTheResult() throws Exception {
    Path a = store.scratch(ID + ".mp4");
    Path b = store.scratch(ID + ".mp4");
    try {
      assertThat(a).exists().isNotEqualTo(b);
      assertThat(a.getFileName().toString()).endsWith(ID + ".mp4");
    } finally {
      Files.deleteIfExists(a);
      Files.deleteIfExists(b);
    }
  }
}
