package dev.place.fanout;

import dev.place.shared.canvas.TileId;
import dev.place.shared.delivery.BinaryBatchCodec;
import dev.place.shared.delivery.TileRun;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client following docs/protocol.md ends up showing: binary batches (base64 text) applied
 * per tile by the rule for every run, starting from blank tiles at sequence 0; JSON messages are
 * not batches here and are skipped.
 */
final class ClientView {

  private final BinaryBatchCodec codec;
  private final Map<TileId, int[]> colours = new HashMap<>();
  private final Map<TileId, Long> seqs = new HashMap<>();
  final List<TileRun> received = new ArrayList<>();
  final List<String> problems = new ArrayList<>();

  ClientView(int tileSize) {
    this.codec = new BinaryBatchCodec(tileSize);
  }

  static List<TileRun> decode(int tileSize, String base64) {
    return new BinaryBatchCodec(tileSize).decode(Base64.getDecoder().decode(base64));
  }

  ClientView apply(List<String> payloads) {
    for (String payload : payloads) {
      if (payload.startsWith("{")) {
        continue; // a JSON message (resize, ...): not a batch
      }
      for (TileRun run : codec.decode(Base64.getDecoder().decode(payload))) {
        apply(run);
      }
    }
    return this;
  }

  private void apply(TileRun run) {
    received.add(run);
    long mine = seqs.getOrDefault(run.tile(), 0L);
    if (run.lastSeq() <= mine) {
      return;
    }
    if (run.firstSeq() > mine + 1) {
      problems.add("gap before " + run);
    }
    if (run.kind() == TileRun.Kind.RESYNC) {
      problems.add("resync " + run);
    }
    int[] tile = colours.computeIfAbsent(run.tile(), t -> new int[codec.tileSize() * codec.tileSize()]);
    for (int p : run.pixels()) {
      tile[TileRun.indexOf(p)] = TileRun.colourOf(p);
    }
    seqs.put(run.tile(), run.lastSeq());
  }

  int[] tile(TileId tile) {
    return colours.getOrDefault(tile, new int[codec.tileSize() * codec.tileSize()]);
  }

  long seq(TileId tile) {
    return seqs.getOrDefault(tile, 0L);
  }
}
