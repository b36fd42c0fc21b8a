// Keeps every tile of the view equal to the server's tile, using per-tile sequence numbers
// (docs/protocol.md, "batch" and "Snapshots and resynchronisation"). No DOM here: drawing goes
// through callbacks.
//
// Updates arrive as runs {from, to, px}: a tile's changes from one sequence to another (a sequence
// run is taken one pixel at a time, so a hole inside it is still noticed). Per tile, `seq` is the
// newest sequence the view reflects with no gap below it. A run with to <= seq is already shown; one
// with from <= seq + 1 is applied and seq = to; one starting higher means placements are missing,
// so the tile's snapshot is fetched again and the runs newer than the snapshot are re-applied on top
// of it. A resync run (more changed than the server would coalesce) only asks for a snapshot at
// sequence `to` or later. While a tile is loading, runs are drawn at once (so the view stays live)
// and also kept, to be re-applied after the snapshot lands.
//
// Only tiles in the subscribed area are kept in sync; the server sends no others (a moment after
// the subscription changes). A tile that leaves the area stops being "loaded", so when it comes
// back it is loaded from a snapshot again before its runs count.

export class TileSync {
  /**
   * @param {object} o
   * @param {number} o.tileSize
   * @param {(minSeq:number)=>Promise<object>} o.index   the snapshot index ({tiles:{"tx:ty":seq}}),
   *        at least as new as it can be made (callers revalidate)
   * @param {(key:string, seq:number)=>Promise<Uint8Array>} o.tile  u4 bytes of a tile version
   * @param {(key:string, u4:Uint8Array)=>void} o.drawTile
   * @param {(x:number, y:number, c:number)=>void} o.drawPixel
   * @param {(ms:number)=>Promise<void>} [o.sleep]  waits between index retries (tests shorten it)
   */
  constructor(o) {
    this.o = o;
    this.sleep = o.sleep || sleep;
    this.tiles = new Map();
    this.area = null; // null: every tile; else {tx0, ty0, tx1, ty1}, inclusive
    this.stats = { gaps: 0, resyncs: 0, refetches: 0, applied: 0 };
  }

  state(key) {
    let t = this.tiles.get(key);
    if (!t) {
      t = { seq: 0, loaded: false, loading: false, pending: [] };
      this.tiles.set(key, t);
    }
    return t;
  }

  inArea(key) {
    if (!this.area) {
      return true;
    }
    const [tx, ty] = key.split(':').map(Number);
    const a = this.area;
    return tx >= a.tx0 && tx <= a.tx1 && ty >= a.ty0 && ty <= a.ty1;
  }

  /**
   * The tiles the server sends from now on (null: all). Tiles that leave are forgotten as synced;
   * the caller loads the tiles of the new area that are not loaded (they missed updates while out).
   */
  setArea(area) {
    this.area = area;
    for (const [key, t] of this.tiles) {
      if (!this.inArea(key)) {
        t.loaded = false;
        t.pending = [];
        t.retry = false;
      }
    }
  }

  /** A `batch` message from the server (JSON, or binary decoded to the same shape). */
  applyBatch(message) {
    for (const entry of message.tiles) {
      if (entry.seq) {
        for (let k = 0; k < entry.seq.length; k++) {
          const s = entry.seq[k];
          this.applyRun(entry.tile, { from: s, to: s, px: entry.px.slice(3 * k, 3 * k + 3) });
        }
      } else {
        this.applyRun(entry.tile, { from: entry.from, to: entry.to, px: entry.px || [], resync: !!entry.resync });
      }
    }
  }

  /**
   * Our own `placed` answer: shown at once, but the sequence only advances when the batch carries
   * it, because batches may still hold others' lower sequences of this tile (no false gap).
   */
  applyPlaced(message) {
    const t = this.state(message.tile);
    if (message.seq > t.seq) {
      this.o.drawPixel(message.x, message.y, message.color);
    }
  }

  draw(run) {
    const px = run.px;
    for (let i = 0; i + 2 < px.length; i += 3) {
      this.o.drawPixel(px[i], px[i + 1], px[i + 2]);
    }
    this.stats.applied += px.length / 3;
  }

  applyRun(key, run) {
    if (!this.inArea(key)) {
      // Sent before the server saw our smaller area: newer than what is shown, but not tracked.
      this.draw(run);
      return;
    }
    const t = this.state(key);
    if (!t.loaded || t.loading) {
      this.draw(run);
      t.pending.push(run);
      if (run.resync && t.loading) {
        t.minSeq = Math.max(t.minSeq || 0, run.to);
      }
      return;
    }
    if (run.to <= t.seq) {
      return;
    }
    if (run.resync) {
      this.stats.resyncs++;
      t.pending.push(run);
      this.load(key, run.to);
      return;
    }
    this.draw(run);
    if (run.from <= t.seq + 1) {
      t.seq = run.to;
      return;
    }
    // A gap: sequences t.seq+1 .. from-1 never arrived. Only this tile is fetched again.
    this.stats.gaps++;
    t.pending.push(run);
    this.load(key, run.from - 1);
  }

  /** Kept for callers of the single-update form (tests, console): one pixel at one sequence. */
  update(key, seq, x, y, c) {
    this.applyRun(key, { from: seq, to: seq, px: [x, y, c] });
  }

  /** Loads (or reloads) a tile's snapshot, at least as new as `minSeq` if the index gets there. */
  async load(key, minSeq = 0) {
    const t = this.state(key);
    if (t.loading) {
      t.minSeq = Math.max(t.minSeq || 0, minSeq);
      return t.loading;
    }
    t.minSeq = minSeq;
    if (t.loaded) {
      this.stats.refetches++;
    }
    t.loading = (async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          // The index is republished about once a second; a gap's missing placement is in it soon.
          const index = await this.o.index(t.minSeq);
          const published = index.tiles[key] || 0;
          if (published < t.minSeq && attempt < 20) {
            await this.sleep(attempt < 5 ? 300 : 1000);
            continue;
          }
          const u4 = published > 0 ? await this.o.tile(key, published) : null;
          this.install(key, t, published, u4);
          return;
        } catch (e) {
          // Network trouble: keep what is shown and try again; updates keep queueing meanwhile.
          await this.sleep(Math.min(5000, 500 * (attempt + 1)));
        }
      }
    })();
    try {
      await t.loading;
    } finally {
      t.loading = false;
    }
    // install() may have found the snapshot still behind the buffered updates.
    if (t.retry) {
      t.retry = false;
      this.load(key, t.retryMin);
    }
  }

  install(key, t, seq, u4) {
    this.o.drawTile(key, u4 || null);
    if (!this.inArea(key)) {
      // Left the area while loading: shown, but its runs stop here, so it is not in sync.
      t.pending = [];
      return;
    }
    t.seq = seq;
    t.loaded = true;
    const pending = t.pending.filter((r) => r.to > seq);
    t.pending = [];
    // Drawn oldest end first: for any pixel, the run reaching furthest has its newest colour. A run
    // that starts at or below the snapshot but ends above it is drawn whole, which is exact: its
    // pixels are their colours as of its end.
    for (const run of [...pending].sort((a, b) => a.to - b.to)) {
      this.draw(run);
    }
    // Then the sequence walks forward from the snapshot while the runs join up without a hole.
    const kept = [];
    for (const run of pending.sort((a, b) => a.from - b.from || a.to - b.to)) {
      if (kept.length === 0 && !run.resync && run.from <= t.seq + 1) {
        t.seq = Math.max(t.seq, run.to);
      } else if (run.to > t.seq) {
        kept.push(run);
      }
    }
    if (kept.length > 0) {
      // Still a hole between the snapshot and the runs: load again once the index has moved on.
      t.pending = kept;
      t.retry = true;
      t.retryMin = kept[0].resync ? kept[0].to : kept[0].from - 1;
    }
  }

  /**
   * Compares every loaded tile with the index and reloads those the index shows newer: the safety
   * net for updates lost while disconnected when no later update on that tile reveals the gap.
   */
  async reconcile(index) {
    const jobs = [];
    for (const [key, published] of Object.entries(index.tiles)) {
      const t = this.tiles.get(key);
      if (t && t.loaded && !t.loading && published > t.seq) {
        jobs.push(this.load(key, published));
      }
    }
    await Promise.all(jobs);
    return jobs.length;
  }

  /** Marks tiles known from the index as unloaded-but-white; tiles never painted need no download. */
  markBlank(key) {
    const t = this.state(key);
    if (!t.loaded && !t.loading) {
      this.install(key, t, 0, null);
      if (t.retry) {
        t.retry = false;
        this.load(key, t.retryMin);
      }
    }
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Inflates a gzip body (tile versions are plain gzip objects, not Content-Encoding). */
export async function gunzip(buffer) {
  const stream = new Response(buffer).body.pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
