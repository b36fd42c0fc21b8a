package dev.place.shared.timelapse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.canvas.CanvasGeometry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelapseRequestTest {

  private static final CanvasGeometry CANVAS = new CanvasGeometry(64, 64, 32);
  private static final long NOW = java.time.Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();

  private static TimelapseRequest request(String format) {
    return TimelapseRequest.parse(Map.of("x", "0", "y", "0", "w", "64", "h", "48", "from", "0", "to", "1000",
        "frames", "50", "fps", "25", "format", format), CANVAS, 5000);
  }

  @Test
  void requestsAreContentAddressed() {
    assertThat(request("mp4").id()).isEqualTo(request("mp4").id()).hasSize(32);
    assertThat(request("gif").id()).isNotEqualTo(request("mp4").id());
  }

  @Test
  void lengthCanBeGivenAsFramesSecondsOrSpeed() {
    Map<String, String> base = Map.of("from", "2026-11-28T08:00:00Z", "to", "2026-11-28T09:00:00Z");
    assertThat(parse(base, "seconds", "20").frames()).isEqualTo(600);
    assertThat(parse(base, "speed", "360").frames()).isEqualTo(301); // 3600 s / 360 = 10 s × 30 fps, + the first frame
    assertThat(parse(base, "frames", "7").frames()).isEqualTo(7);
    assertThat(TimelapseRequest.parse(base, CANVAS, NOW).frames()).isEqualTo(300); // default 10 s at 30 fps
  }

  @Test
  void badRequestsAreRejectedWithAReason() {
    assertThatThrownBy(() -> TimelapseRequest.parse(Map.of("to", "5"), CANVAS, 0)).hasMessageContaining("from");
    assertThatThrownBy(() -> TimelapseRequest.parse(Map.of("from", "10", "to", "5"), CANVAS, 0)).hasMessageContaining("before");
    assertThatThrownBy(() -> TimelapseRequest.parse(Map.of("from", "0", "w", "65"), CANVAS, 0)).hasMessageContaining("outside");
    assertThatThrownBy(() -> TimelapseRequest.parse(Map.of("from", "yesterday"), CANVAS, 0)).hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> TimelapseRequest.parse(Map.of("from", "0", "frames", "99999"), CANVAS, 0)).hasMessageContaining("frames");
    assertThatThrownBy(() -> TimelapseRequest.parse(Map.of("from", "0", "frames", "3", "seconds", "1"), CANVAS, 0))
        .hasMessageContaining("one of");
  }

  @Test
  void aToInTheFutureIsRefusedBecauseAResultIsFinalAndTheFutureHasNoHistory() {
    Map<String, String> future = Map.of("from", "2026-11-28T09:00:00Z", "to", "2026-11-28T10:00:01Z");
    assertThatThrownBy(() -> TimelapseRequest.parse(future, CANVAS, NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'to' is in the future");
    Map<String, String> upToNow = Map.of("from", "2026-11-28T09:00:00Z", "to", "2026-11-28T10:00:00Z");
    assertThat(TimelapseRequest.parse(upToNow, CANVAS, NOW).toMillis()).isEqualTo(NOW);
    assertThat(TimelapseRequest.parse(Map.of("from", "2026-11-28T09:00:00Z"), CANVAS, NOW).toMillis()).isEqualTo(NOW);
  }

  @Test
  void anMp4RequestOfTheScaledRendererHasANewIdSoNoUnscaledResultIsServedForIt() {
    // The v1 id of this request, when MP4s were encoded 1:1: a result under it must not be reused.
    assertThat(request("mp4").id()).isNotEqualTo(v1Id(request("mp4")));
  }

  @Test
  void moderationIsIncludedUnlessExcludedAndTheTwoAreDifferentResults() {
    Map<String, String> base = Map.of("from", "2026-11-28T08:00:00Z", "to", "2026-11-28T09:00:00Z");
    TimelapseRequest omitted = TimelapseRequest.parse(base, CANVAS, NOW);
    TimelapseRequest included = parse(base, "moderation", "include");
    TimelapseRequest excluded = parse(base, "moderation", "exclude");
    assertThat(omitted.moderation()).isEqualTo(TimelapseRequest.Moderation.INCLUDE);
    assertThat(included).isEqualTo(omitted);
    assertThat(included.id()).isEqualTo(omitted.id());
    assertThat(excluded.moderation()).isEqualTo(TimelapseRequest.Moderation.EXCLUDE);
    assertThat(excluded.id()).isNotEqualTo(included.id()).hasSize(32);
    assertThat(parse(base, "moderation", " Exclude ").id()).as("any case, as format").isEqualTo(excluded.id());
  }

  @Test
  void aResultRenderedBeforeTheModerationOptionIsStillServedForIncludeWhichIsWhatItShows() {
    TimelapseRequest r = request("mp4");
    assertThat(r.id()).isEqualTo(v2Id(r));
    TimelapseRequest excluded = new TimelapseRequest(r.region(), r.fromMillis(), r.toMillis(), r.fps(), r.frames(), r.format(),
        TimelapseRequest.Moderation.EXCLUDE);
    assertThat(excluded.id()).isNotEqualTo(v2Id(r));
  }

  @Test
  void aBadModerationValueIsRejectedWithTheValuesAllowed() {
    Map<String, String> base = Map.of("from", "0", "to", "1000");
    for (String bad : new String[] {"", "none", "yes", "includes"}) {
      assertThatThrownBy(() -> parse(base, "moderation", bad)).as("'%s'", bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("moderation must be include or exclude");
    }
  }

  private static String v2Id(TimelapseRequest r) {
    return hash("v2|" + r.region().x() + "|" + r.region().y() + "|" + r.region().width() + "|" + r.region().height()
        + "|" + r.fromMillis() + "|" + r.toMillis() + "|" + r.fps() + "|" + r.frames() + "|" + r.format());
  }

  private static String hash(String canonical) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String v1Id(TimelapseRequest r) {
    String canonical = "v1|" + r.region().x() + "|" + r.region().y() + "|" + r.region().width() + "|" + r.region().height()
        + "|" + r.fromMillis() + "|" + r.toMillis() + "|" + r.fps() + "|" + r.frames() + "|" + r.format();
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TimelapseRequest parse(Map<String, String> base, String key, String value) {
    Map<String, String> q = new java.util.HashMap<>(base);
    q.put(key, value);
    return TimelapseRequest.parse(q, CANVAS, NOW);
  }
}
