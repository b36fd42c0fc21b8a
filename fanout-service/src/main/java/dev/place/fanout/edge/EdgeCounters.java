package dev.place.fanout.edge;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Totals since the edge started, written by the event loops (once per interval each, not per socket). */
final class EdgeCounters {
  final LongAdder framesWritten = new LongAdder();
  final LongAdder backlogDrains = new LongAdder();
  final LongAdder coalescedRuns = new LongAdder();
  final LongAdder resyncRuns = new LongAdder();
  final AtomicLong maxDrainedLagMillis = new AtomicLong();
  final LongAdder idleClosed = new LongAdder();
}
