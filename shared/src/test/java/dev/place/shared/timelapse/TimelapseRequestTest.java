package dev.place.shared.timelapse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.canvas.CanvasGeometry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelapseRequestTest {

  private static final CanvasGeometry CANVAS = new CanvasGeometry(64, 64, 32);

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
    assertThat(TimelapseRequest.parse(base, CANVAS, 0).frames()).isEqualTo(300); // default 10 s at 30 fps
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

  private static TimelapseRequest parse(Map<String, String> base, String key, String value) {
    Map<String, String> q = new java.util.HashMap<>(base);
    q.put(key, value);
    return TimelapseRequest.parse(q, CANVAS, 0);
  }
}
