package dev.place.shared.timelapse.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.timelapse.JobJson;
import dev.place.shared.timelapse.JobStatus;
import dev.place.shared.timelapse.MemoryHistory;
import dev.place.shared.timelapse.StoredJob;
import dev.place.shared.timelapse.TimelapseRequest;
import dev.place.shared.timelapse.TimelapseWorker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real worker publishing to the real S3 store, against an in-memory bucket. */
class S3TimelapseWorkerTest {

  private static final int TILE = 32;

  private final FakeS3 s3 = new FakeS3();
  private final S3JobStore store = new S3JobStore(s3, S3JobStoreTest.BUCKET, S3JobStoreTest.BASE_URL + "/");

  /** A few placements over the 64×48 region of the requests, spread over its 1 s: all four tiles touched. */
  private static MemoryHistory history() {
    List<PixelEvent> events = new ArrayList<>();
    long[] seq = new long[4];
    for (int i = 0; i < 200; i++) {
      int x = (i * 7) % 64;
      int y = (i * 13) % 48;
      TileId tile = new TileId(x / TILE, y / TILE);
      events.add(new PixelEvent(tile, ++seq[tile.ty() * 2 + tile.tx()], x, y, 1 + i % 15, "u", i * 5L));
    }
    return new MemoryHistory(TILE, events);
  }

  private TimelapseWorker worker() {
    return new TimelapseWorker(history(), TILE, store, 2, 50, System::currentTimeMillis);
  }

  @Test
  void anMp4JobEndsWithTheVideoInTheBucketAndADoneRecordWithItsUrl() {
    TimelapseRequest request = S3JobStoreTest.request(TimelapseRequest.Format.MP4);

    JobStatus result = worker().run(request);

    String url = S3JobStoreTest.BASE_URL + "/" + request.id() + ".mp4";
    assertThat(result).isEqualTo(new JobStatus(request.id(), JobStatus.State.DONE, 100, url, null));
    FakeS3.StoredObject video = s3.object(S3JobStoreTest.BUCKET, "timelapse/" + request.id() + ".mp4");
    assertThat(video).isNotNull();
    assertThat(video.contentType()).isEqualTo("video/mp4");
    assertThat(video.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
    assertThat(new String(Arrays.copyOfRange(video.bytes(), 4, 8), StandardCharsets.US_ASCII)).isEqualTo("ftyp");
    StoredJob record = store.read(request.id()).orElseThrow();
    assertThat(record.status()).isEqualTo(result);
    assertThat(record.finished()).isTrue();
    // While it rendered, the record said RUNNING (the heartbeat the dispatcher watches), and DONE came last.
    List<JobStatus.State> states = s3.versions(S3JobStoreTest.BUCKET, "timelapse-jobs/" + request.id() + ".json").stream()
        .map(o -> JobJson.status(o.text(), o.eTag()).status().state()).toList();
    assertThat(states).startsWith(JobStatus.State.RUNNING).endsWith(JobStatus.State.DONE);
    assertThat(states.subList(0, states.size() - 1)).containsOnly(JobStatus.State.RUNNING);
  }

  @Test
  void aGifJobEndsWithAGifInTheBucket() {
    TimelapseRequest request = S3JobStoreTest.request(TimelapseRequest.Format.GIF);

    JobStatus result = worker().run(request);

    assertThat(result.state()).isEqualTo(JobStatus.State.DONE);
    assertThat(result.url()).isEqualTo(S3JobStoreTest.BASE_URL + "/" + request.id() + ".gif");
    FakeS3.StoredObject gif = s3.object(S3JobStoreTest.BUCKET, "timelapse/" + request.id() + ".gif");
    assertThat(gif.contentType()).isEqualTo("image/gif");
    assertThat(new String(gif.bytes(), 0, 6, StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
    assertThat(store.read(request.id()).orElseThrow().status()).isEqualTo(result);
  }

  @Test
  void aSecondDeliveryOfAFinishedJobDoesNotRenderOrUploadAgain() {
    TimelapseRequest request = S3JobStoreTest.request(TimelapseRequest.Format.MP4);
    s3.put(S3JobStoreTest.BUCKET, "timelapse/" + request.fileName(), new byte[] {42}, "video/mp4");

    JobStatus result = worker().run(request);

    assertThat(result.state()).isEqualTo(JobStatus.State.DONE);
    assertThat(s3.object(S3JobStoreTest.BUCKET, "timelapse/" + request.fileName()).bytes()).containsExactly(42);
    assertThat(store.read(request.id()).orElseThrow().status()).isEqualTo(result);
  }

  @Test
  void anUploadThatFailsLeavesAFailedRecordWithTheReason() {
    TimelapseRequest request = S3JobStoreTest.request(TimelapseRequest.Format.MP4);
    s3.failPutsUnder("timelapse/", FakeS3.error(403, "AccessDenied"));
    TimelapseWorker worker = worker();

    JobStatus result = worker.run(request);

    assertThat(result.state()).isEqualTo(JobStatus.State.FAILED);
    assertThat(result.error()).contains("AccessDenied");
    assertThat(store.read(request.id()).orElseThrow().status()).isEqualTo(result);
    assertThat(store.resultExists(request.fileName())).isFalse();
  }
}
