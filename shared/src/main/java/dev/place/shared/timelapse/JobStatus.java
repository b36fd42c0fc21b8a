package dev.place.shared.timelapse;

/** A timelapse job as clients see it. {@code url} is set once {@code state} is DONE. */
public record JobStatus(String id, State state, int percent, String url, String error) {

  public enum State { QUEUED, RUNNING, DONE, FAILED }

  public String toJson() {
    return "{\"id\":\"" + id + "\",\"state\":\"" + state + "\",\"percent\":" + percent
        + ",\"url\":" + (url == null ? "null" : "\"" + url + "\"")
        + ",\"error\":" + (error == null ? "null" : "\"" + error.replace("\\", "\\\\").replace("\"", "\\\"") + "\"") + "}";
  }
}
