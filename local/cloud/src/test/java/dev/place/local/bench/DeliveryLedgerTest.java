package dev.place.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {

  private static final long MS = 1_000_000;
  private final DeliveryLedger ledger = new DeliveryLedger(2000, 2000, 256);
  private final int tile = ledger.tileIndex(1, 0);

  private void place(long seq, long sentMillis) {
    ledger.sending(tile);
    ledger.placed(tile, seq, sentMillis * MS);
  }

  @Test
  void aSequenceRunDeliversEachMeasuredPlacementOnceWithItsLatency() {
    place(5, 100);
    place(6, 110);
    DeliveryLedger.View w = ledger.newView();
    ledger.deliver(w, tile, 5, 6, false, 150 * MS);
    ledger.deliver(w, tile, 6, 6, false, 300 * MS); // seen again: no second pair

    DeliveryLedger.Totals t = ledger.finish(1);
    assertThat(t.expected).isEqualTo(2);
    assertThat(t.delivered).isEqualTo(2);
    assertThat(t.undelivered()).isZero();
    assertThat(t.latencies.maxMillis()).isEqualTo(50.0);
    assertThat(t.latencies.percentileMillis(50)).isEqualTo(40.0);
  }

  @Test
  void aCoalescedRunDeliversEverySequenceItCovers() {
    place(1, 0);
    place(2, 0);
    place(3, 0);
    DeliveryLedger.View w = ledger.newView();
    ledger.deliver(w, tile, 1, 3, false, 200 * MS);
    assertThat(ledger.finish(1).delivered).isEqualTo(3);
  }

  @Test
  void placementsSkippedByAGapAreCountedAsNeverDelivered() {
    place(1, 0);
    place(2, 0);
    place(3, 0);
    DeliveryLedger.View w = ledger.newView();
    ledger.deliver(w, tile, 1, 1, false, 10 * MS);
    ledger.deliver(w, tile, 3, 3, false, 20 * MS);

    DeliveryLedger.Totals t = ledger.finish(1);
    assertThat(t.delivered).isEqualTo(2);
    assertThat(t.undelivered()).isEqualTo(1);
    assertThat(t.gaps).isEqualTo(1);
  }

  @Test
  void aResyncRunIsNotADelivery() {
    place(1, 0);
    DeliveryLedger.View w = ledger.newView();
    ledger.deliver(w, tile, 1, 1, true, 10 * MS);
    DeliveryLedger.Totals t = ledger.finish(1);
    assertThat(t.delivered).isZero();
    assertThat(t.resynced).isEqualTo(1);
    assertThat(t.undelivered()).isEqualTo(1);
  }

  @Test
  void everyWatcherMustReceiveEveryPlacement() {
    place(1, 0);
    DeliveryLedger.View a = ledger.newView();
    ledger.newView();
    ledger.deliver(a, tile, 1, 1, false, 10 * MS);
    DeliveryLedger.Totals t = ledger.finish(2);
    assertThat(t.expected).isEqualTo(2);
    assertThat(t.undelivered()).isEqualTo(1);
    assertThat(t.undeliveredFraction()).isEqualTo(0.5);
  }

  @Test
  void aRunSeenBeforeThePlacersAnswerCountsOnceTheAnswerIsIn() {
    DeliveryLedger.View w = ledger.newView();
    ledger.sending(tile);
    ledger.deliver(w, tile, 7, 7, false, 130 * MS);
    ledger.placed(tile, 7, 100 * MS);

    DeliveryLedger.Totals t = ledger.finish(1);
    assertThat(t.delivered).isEqualTo(1);
    assertThat(t.latencies.maxMillis()).isEqualTo(30.0);
  }

  @Test
  void unmeasuredPlacementsSuchAsTheWarmUpAreIgnored() {
    DeliveryLedger.View w = ledger.newView();
    ledger.deliver(w, tile, 1, 40, false, 10 * MS);
    place(41, 0);
    ledger.deliver(w, tile, 41, 41, false, 20 * MS);
    DeliveryLedger.Totals t = ledger.finish(1);
    assertThat(t.expected).isEqualTo(1);
    assertThat(t.delivered).isEqualTo(1);
  }

  @Test
  void framesCountPayloadAndWebSocketHeaderBytes() {
    ledger.frame(100, 40);
    ledger.frame(300, 120);
    DeliveryLedger.Totals t = ledger.finish(1);
    assertThat(t.frames).isEqualTo(2);
    assertThat(t.payloadBytes).isEqualTo(400);
    assertThat(t.headerBytes).isEqualTo(2 + 4);
    assertThat(t.pixels).isEqualTo(160);
  }
}
