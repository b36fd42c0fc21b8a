package dev.place.local.it;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for an eventually consistent store (the history is written asynchronously). */
final class Poll {

  private Poll() {}

  static <T> T until(Supplier<T> read, Predicate<T> done, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    T value = read.get();
    while (!done.test(value)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still not there after " + timeout + ": " + value);
      }
      Thread.sleep(100);
      value = read.get();
    }
    return value;
  }
}
