package dev.place.shared.timelapse;

import java.util.Locale;
import java.util.Map;

/**
 * The two documents a job travels as: the request handed to a worker (Lambda event, ECS container
 * override) and the status record a store keeps. Flat JSON objects, written by hand and read with
 * Jackson's streaming parser: no data binding in the Lambda cold path.
 */
public final class JobJson {

  private JobJson() {}

  public static String request(TimelapseRequest r) {
    Region g = r.region();
    return "{\"v\":1,\"x\":" + g.x() + ",\"y\":" + g.y() + ",\"w\":" + g.width() + ",\"h\":" + g.height()
        + ",\"from\":" + r.fromMillis() + ",\"to\":" + r.toMillis() + ",\"fps\":" + r.fps() + ",\"frames\":" + r.frames()
        + ",\"format\":\"" + r.format().extension + "\",\"moderation\":\"" + r.moderation().parameter + "\"}";
  }

  /**
   * A job without {@code moderation} (handed over by a dispatcher older than the field) is
   * {@code include}: what such a dispatcher asked for.
   *
   * @throws IllegalArgumentException if the text is not a valid request (the record's own checks apply)
   */
  public static TimelapseRequest request(String json) {
    Map<String, String> f = flat(json);
    try {
      TimelapseRequest.Format format = TimelapseRequest.Format.valueOf(required(f, "format").toUpperCase(Locale.ROOT));
      TimelapseRequest.Moderation moderation = f.get("moderation") == null
          ? TimelapseRequest.Moderation.INCLUDE : TimelapseRequest.Moderation.parse(f.get("moderation"));
      return new TimelapseRequest(
          new Region(integer(f, "x"), integer(f, "y"), integer(f, "w"), integer(f, "h")),
          number(f, "from"), number(f, "to"), integer(f, "fps"), integer(f, "frames"), format, moderation);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a timelapse job: " + e.getMessage(), e);
    }
  }

  public static String status(JobStatus s, long updatedAtMillis) {
    return status(s, null, updatedAtMillis);
  }

  /** @param runner the launcher the job went to ({@code small} or {@code large}), or null */
  public static String status(JobStatus s, String runner, long updatedAtMillis) {
    String json = s.toJson();
    return json.substring(0, json.length() - 1) + ",\"updatedAt\":" + updatedAtMillis
        + (runner == null ? "" : ",\"runner\":\"" + runner + "\"") + "}";
  }

  /** A stored status record; {@code version} is the store's token for a conditional replace. */
  public static StoredJob status(String json, String version) {
    Map<String, String> f = flat(json);
    JobStatus status = new JobStatus(required(f, "id"), JobStatus.State.valueOf(required(f, "state")),
        integer(f, "percent"), f.get("url"), f.get("error"));
    return new StoredJob(status, number(f, "updatedAt"), version, f.get("runner"));
  }

  private static Map<String, String> flat(String json) {
    return dev.place.shared.json.FlatJson.read(json);
  }

  private static String required(Map<String, String> f, String name) {
    String v = f.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing '" + name + "'");
    }
    return v;
  }

  private static int integer(Map<String, String> f, String name) {
    return Integer.parseInt(required(f, name));
  }

  private static long number(Map<String, String> f, String name) {
    return Long.parseLong(required(f, name));
  }
}
