package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.moderation.RestoreBatches;
import dev.place.shared.placement.EventPublisher;
import dev.place.shared.redis.RedisKeys;
import dev.place.shared.redis.RedisRestoreWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The restore script and the per-pixel last-write sequence, against the local cloud's Redis. */
class RestoreScriptIT {

  private static Stores stores;
  private static dev.place.shared.kafka.KafkaEventPublisher kafka;

  @BeforeAll
  static void start() {
    stores = new Stores(SharedCloud.get().config());
    kafka = new dev.place.shared.kafka.KafkaEventPublisher(SharedCloud.get().config());
  }

  @AfterAll
  static void stop() {
    kafka.close();
    stores.close();
  }

  private long place(TileId tile, int index, int colour) {
    int x = tile.tx() * stores.canvas.tileSize() + index % stores.canvas.tileSize();
    int y = tile.ty() * stores.canvas.tileSize() + index / stores.canvas.tileSize();
    return stores.canvasStore.writePixel(tile, index, colour, PixelEventCodec.prefix(tile),
        PixelEventCodec.suffix(x, y, colour, "it-restore", System.currentTimeMillis()));
  }

  private static List<Long> journaledSeqs(TileId tile) {
    List<Long> seqs = new ArrayList<>();
    stores.canvasStore.journaled(tile, 1000).forEach(e -> seqs.add(PixelEventCodec.decode(e).seq()));
    return seqs;
  }

  private int colourAt(TileId tile, int index) {
    return TileCodec.get(stores.redis.sync().get(RedisKeys.tilePixels(tile)), index);
  }

  @Test
  void aPlacementRecordsItsSequenceAsThePixelsLastWrite() {
    TileId tile = new TileId(5, 3);
    long first = place(tile, 70, 4);
    long second = place(tile, 71, 5);
    assertThat(stores.canvasStore.lastWrite(tile, 70)).isEqualTo(first);
    assertThat(stores.canvasStore.lastWrite(tile, 71)).isEqualTo(second);
    assertThat(stores.canvasStore.lastWrite(tile, 72)).as("never written").isZero();
  }

  @Test
  void aRestoreIsWrittenOnlyWhereThePixelsLastWriteIsStillTheOneThePlanSaw() {
    TileId tile = new TileId(5, 4);
    String action = "act-" + java.util.UUID.randomUUID();
    // A pixel no test wrote yet (the shared cloud's Redis outlives a run): its last write is unrecorded.
    int fresh = 1000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(60_000);
    org.junit.jupiter.api.Assumptions.assumeTrue(stores.canvasStore.lastWrite(tile, fresh) == 0);
    long seen = place(tile, 10, 7);
    long racedPlan = place(tile, 11, 7);
    long raced = place(tile, 11, 9); // placed after the plan looked: must stay
    long[] seqs = stores.canvasStore.writeRestores(tile, new int[] {10, 11, fresh}, new int[] {2, 2, 3},
        new long[] {seen, racedPlan, 0}, PixelEventCodec.prefix(tile),
        new String[] {PixelEventCodec.suffix(0, 0, 2, "moderation", System.currentTimeMillis(), action),
            PixelEventCodec.suffix(0, 0, 2, "moderation", System.currentTimeMillis(), action),
            PixelEventCodec.suffix(0, 0, 3, "moderation", System.currentTimeMillis(), action)});
    assertThat(seqs[0]).isEqualTo(raced + 1);
    assertThat(seqs[1]).as("raced by a newer placement").isZero();
    assertThat(seqs[2]).as("a pixel with no recorded write").isEqualTo(raced + 2);
    assertThat(colourAt(tile, 10)).isEqualTo(2);
    assertThat(colourAt(tile, 11)).isEqualTo(9);
    assertThat(colourAt(tile, fresh)).isEqualTo(3);
    assertThat(stores.canvasStore.lastWrite(tile, 10)).isEqualTo(seqs[0]);
    assertThat(stores.canvasStore.snapshot(tile).seq()).isEqualTo(raced + 2);
    List<PixelEvent> journaled = new ArrayList<>();
    stores.canvasStore.journaled(tile, 100).forEach(e -> journaled.add(PixelEventCodec.decode(e)));
    assertThat(journaled).filteredOn(e -> action.equals(e.moderationAction())).extracting(PixelEvent::seq, PixelEvent::moderationAction)
        .containsExactly(tuple(seqs[0], action), tuple(seqs[2], action));
  }

  @Test
  void theRestoreWriterPublishesEachWrittenRestoreAsAMarkedEventAndTrimsItsJournalEntry() {
    TileId tile = new TileId(5, 5);
    long seen = place(tile, 300, 6);
    List<String> published = new ArrayList<>();
    // The real log behind it: every event of the shared cloud's tiles must reach history (moderation waits for it).
    EventPublisher log = (t, json, timeout) -> {
      published.add(json);
      return kafka.publish(t, json, timeout);
    };
    RedisRestoreWriter writer = new RedisRestoreWriter(stores.canvasStore, log, stores.canvas.tileSize(),
        Duration.ofSeconds(10), Clock.systemUTC());
    // The placement's own entry stays for the journal relay to publish: history must get every event.
    int written = writer.write(new RestoreBatches.Batch(tile, new int[] {300}, new int[] {1}, new long[] {seen}), "act-b");
    assertThat(written).isEqualTo(1);
    PixelEvent event = PixelEventCodec.decode(published.get(0));
    int tileSize = stores.canvas.tileSize();
    assertThat(event).isEqualTo(new PixelEvent(tile, seen + 1, 5 * tileSize + 300 % tileSize, 5 * tileSize + 300 / tileSize,
        1, RedisRestoreWriter.RESTORE_USER, event.placedAtMillis(), "act-b"));
    assertThat(colourAt(tile, 300)).isEqualTo(1);
    long deadline = System.currentTimeMillis() + 5000;
    while (journaledSeqs(tile).contains(event.seq()) && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(journaledSeqs(tile)).as("trimmed once the log has it").doesNotContain(event.seq());
  }
}
