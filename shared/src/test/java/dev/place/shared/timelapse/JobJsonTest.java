package dev.place.shared.timelapse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JobJsonTest {

  private static final TimelapseRequest REQUEST =
      new TimelapseRequest(new Region(10, 20, 300, 200), 1_000, 61_000, 24, 480, TimelapseRequest.Format.GIF);

  @Test
  void aRequestSurvivesTheTripToAWorkerWithItsIdentity() {
    TimelapseRequest back = JobJson.request(JobJson.request(REQUEST));
    assertThat(back).isEqualTo(REQUEST);
    assertThat(back.id()).isEqualTo(REQUEST.id());
  }

  @Test
  void aRequestWithoutModerationKeepsThatThroughTheTripAndAnOlderJobWithoutTheFieldIncludesIt() {
    TimelapseRequest excluded = new TimelapseRequest(REQUEST.region(), REQUEST.fromMillis(), REQUEST.toMillis(), REQUEST.fps(),
        REQUEST.frames(), REQUEST.format(), TimelapseRequest.Moderation.EXCLUDE);
    TimelapseRequest back = JobJson.request(JobJson.request(excluded));
    assertThat(back.moderation()).isEqualTo(TimelapseRequest.Moderation.EXCLUDE);
    assertThat(back.id()).isEqualTo(excluded.id()).isNotEqualTo(REQUEST.id());
    String older = JobJson.request(REQUEST).replace(",\"moderation\":\"include\"", "");
    assertThat(older).doesNotContain("moderation");
    assertThat(JobJson.request(older)).isEqualTo(REQUEST);
    assertThatThrownBy(() -> JobJson.request(JobJson.request(excluded).replace("exclude", "maybe")))
        .hasMessageContaining("moderation must be include or exclude");
  }

  @Test
  void aStatusRecordKeepsEveryFieldTheTimeItWasWrittenAndItsVersion() {
    JobStatus failed = new JobStatus(REQUEST.id(), JobStatus.State.FAILED, 42, null, "out of \"memory\"\\\n\tat Foo\u0001");
    StoredJob stored = JobJson.status(JobJson.status(failed, 123_456L), "etag-1");
    assertThat(stored.status()).isEqualTo(failed);
    assertThat(stored.updatedAtMillis()).isEqualTo(123_456L);
    assertThat(stored.version()).isEqualTo("etag-1");
    assertThat(stored.finished()).isTrue();

    JobStatus done = new JobStatus(REQUEST.id(), JobStatus.State.DONE, 100, "https://cdn/timelapse/x.gif", null);
    assertThat(JobJson.status(JobJson.status(done, 1), null).status()).isEqualTo(done);
    assertThat(JobJson.status(JobJson.status(done, 1), null).runner()).isNull();
    assertThat(JobJson.status(JobJson.status(done, "large", 1), null).runner()).isEqualTo("large");
    // Clients see the status only, never where it ran.
    assertThat(done.toJson()).doesNotContain("runner").doesNotContain("updatedAt");
  }

  @Test
  void aMalformedOrInvalidJobIsRejectedWithTheReason() {
    assertThatThrownBy(() -> JobJson.request("not json")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JSON");
    assertThatThrownBy(() -> JobJson.request("{\"x\":0}")).hasMessageContaining("missing 'format'");
    assertThatThrownBy(() -> JobJson.request(JobJson.request(REQUEST).replace("\"frames\":480", "\"frames\":99999")))
        .hasMessageContaining("frames");
    assertThatThrownBy(() -> JobJson.request(JobJson.request(REQUEST).replace("\"fps\":24", "\"fps\":\"many\"")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JobJson.request("{\"x\":{\"nested\":1}}")).hasMessageContaining("nested");
  }
}
