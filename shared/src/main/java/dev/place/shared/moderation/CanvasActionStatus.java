package dev.place.shared.moderation;

/**
 * Where one canvas-changing action stands (the contract's action object, docs/moderation.md):
 * {@code state} is {@code waiting-for-history}, {@code applying}, {@code done} or {@code failed}.
 */
public record CanvasActionStatus(String id, String kind, String moderator, String reason, long createdAtMillis,
    String parametersJson, String state, int done, int total, int pixelsChanged, String undoneBy, String error) {

  public static final String WAITING = "waiting-for-history";
  public static final String APPLYING = "applying";
  public static final String DONE = "done";
  public static final String FAILED = "failed";

  CanvasActionStatus with(String newState, int newDone, int newTotal, int changed, String failure) {
    return new CanvasActionStatus(id, kind, moderator, reason, createdAtMillis, parametersJson, newState, newDone, newTotal,
        changed, undoneBy, failure);
  }

  CanvasActionStatus undoneBy(String undoId) {
    return new CanvasActionStatus(id, kind, moderator, reason, createdAtMillis, parametersJson, state, done, total,
        pixelsChanged, undoId, error);
  }

  public String toJson() {
    return "{\"id\":" + ModerationJson.string(id) + ",\"kind\":" + ModerationJson.string(kind) + ",\"moderator\":"
        + ModerationJson.string(moderator) + ",\"reason\":" + ModerationJson.string(reason) + ",\"createdAt\":"
        + ModerationJson.string(ModerationJson.time(createdAtMillis)) + ",\"parameters\":" + parametersJson + ",\"state\":"
        + ModerationJson.string(state) + ",\"progress\":{\"done\":" + done + ",\"total\":" + total + "},\"pixelsChanged\":"
        + pixelsChanged + ",\"undoneBy\":" + (undoneBy == null ? "null" : ModerationJson.string(undoneBy)) + ",\"error\":"
        + (error == null ? "null" : ModerationJson.string(error)) + "}";
  }
}
