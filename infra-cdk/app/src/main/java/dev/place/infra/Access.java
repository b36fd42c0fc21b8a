package dev.place.infra;

/**
 * What a function may touch beyond Redis (which every function reaches through its security
 * group). Each maps to IAM statements scoped to this stack's resources in {@link Permissions}.
 */
public enum Access {
  /** Produce pixel events to the MSK topic (IAM auth, idempotent producer). */
  EVENTS_PRODUCE,
  /** Read the history tables in Keyspaces. */
  HISTORY_READ,
  /** Write the history tables in Keyspaces. */
  HISTORY_WRITE,
  /** Read the moderation audit log table ({@code moderation_actions}) in Keyspaces, and nothing else there. */
  AUDIT_READ,
  /** Append to the moderation audit log table, and nothing else in Keyspaces. */
  AUDIT_WRITE,
  /** Queue rollbacks, reverts and undos: produce to the moderation topic, and nothing else in Kafka. */
  MODERATION_QUEUE,
  /**
   * Close this WebSocket API's connections ({@code @connections} DELETE): sign-out and bans end the
   * user's sockets. Granted by {@link WebSocketFront}, which knows the stage's ARN.
   */
  CLOSE_CONNECTIONS,
  /**
   * Read the history writer's committed offsets (its consumer group), for the health route's lag;
   * the topic's end offsets come with {@link #EVENTS_PRODUCE}'s DescribeTopic.
   */
  HISTORY_WRITER_LAG,
  /** Write snapshot objects to the snapshot bucket. */
  SNAPSHOTS_WRITE,
  /**
   * The timelapse dispatcher: read results ({@code timelapse/*}) and job statuses
   * ({@code timelapse-jobs/*}), write statuses, list both prefixes (so a missing key is a 404).
   */
  TIMELAPSE_DISPATCH,
  /** The timelapse worker (Lambda and ECS task): what the dispatcher may, plus writing results. */
  TIMELAPSE_RENDER
}
