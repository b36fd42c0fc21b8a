package dev.place.shared.timelapse;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** A timelapse job as clients see it. {@code url} is set once {@code state} is DONE. */
public record JobStatus(String id, State state, int percent, String url, String error) {

  public enum State { QUEUED, RUNNING, DONE, FAILED }

  public String toJson() {
    StringBuilder json = new StringBuilder(128).append("{\"id\":");
    quote(json, id);
    json.append(",\"state\":\"").append(state).append("\",\"percent\":").append(percent).append(",\"url\":");
    quote(json, url);
    json.append(",\"error\":");
    quote(json, error);
    return json.append('}').toString();
  }

  /** Error texts are exception messages: any character can be in them, newlines included. */
  static void quote(StringBuilder json, String text) {
    if (text == null) {
      json.append("null");
      return;
    }
    json.append('"');
    JsonStringEncoder.getInstance().quoteAsString(text, json);
    json.append('"');
  }
}
