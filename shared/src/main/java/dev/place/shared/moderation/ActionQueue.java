package dev.place.shared.moderation;

/**
 * Where an accepted rollback, revert or undo waits for the worker that applies it (a one-partition
 * Kafka topic in production, so actions apply one at a time, in the order they were accepted, and
 * one the worker failed on is delivered again).
 */
public interface ActionQueue {

  /** Queues the action durably; throws if it could not be (then it will not be applied). */
  void submit(String actionId);
}
