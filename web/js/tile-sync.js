// Keeps every tile of the view equal to the server's tile, using per-tile sequence numbers
// (docs/protocol.md, "Keeping a view in sync"). No DOM here: drawing goes through callbacks.
//
// Per tile: `seq` is the newest sequence the view reflects with no gap below it. An update with
// seq <= tile.seq is already shown; seq == tile.seq + 1 is applied; anything higher means a
// placement is missing, so the tile's snapshot is fetched again and the updates newer than the
// snapshot are re-applied on top of it. While a tile is loading, updates are drawn at once (so the
// view stays live) and also kept, to be re-applied after the snapshot lands.

export class TileSync {
  /**
   * @param {object} o
   * @param {number} o.tileSize
   * @param {(minSeq:number)=>Promise<object>} o.index   the snapshot index ({tiles:{"tx:ty":seq}}),
   *        at least as new as it can be made (callers revalidate)
   * @param {(key:string, seq:number)=>Promise<Uint8Array>} o.tile  u4 bytes of a tile version
   * @param {(key:string, u4:Uint8Array)=>void} o.drawTile
   * @param {(x:number, y:number, c:number)=>void} o.drawPixel
   */
  constructor(o) {
    this.o = o;
    this.tiles = new Map();
    this.stats = { gaps: 0, refetches: 0, applied: 0 };
  }

  state(key) {
    let t = this.tiles.get(key);
    if (!t) {
      t = { seq: 0, loaded: false, loading: false, pending: [] };
      this.tiles.set(key, t);
    }
    return t;
  }

  /** A `batch` message from the server. */
  applyBatch(message) {
    for (const entry of message.tiles) {
      for (let k = 0; k < entry.seq.length; k++) {
        this.update(entry.tile, entry.seq[k], entry.px[3 * k], entry.px[3 * k + 1], entry.px[3 * k + 2]);
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

  update(key, seq, x, y, c) {
    const t = this.state(key);
    if (!t.loaded || t.loading) {
      t.pending.push({ seq, x, y, c });
      this.o.drawPixel(x, y, c);
      return;
    }
    if (seq <= t.seq) {
      return;
    }
    this.o.drawPixel(x, y, c);
    this.stats.applied++;
    if (seq === t.seq + 1) {
      t.seq = seq;
      return;
    }
    // A gap: seq t.seq+1 .. seq-1 never arrived. Only this tile is fetched again.
    this.stats.gaps++;
    t.pending.push({ seq, x, y, c });
    this.load(key, seq - 1);
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
            await sleep(attempt < 5 ? 300 : 1000);
            continue;
          }
          const u4 = published > 0 ? await this.o.tile(key, published) : null;
          this.install(key, t, published, u4);
          return;
        } catch (e) {
          // Network trouble: keep what is shown and try again; updates keep queueing meanwhile.
          await sleep(Math.min(5000, 500 * (attempt + 1)));
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
    if (u4) {
      this.o.drawTile(key, u4);
    } else {
      this.o.drawTile(key, null);
    }
    t.seq = seq;
    t.loaded = true;
    const pending = t.pending.filter((u) => u.seq > seq).sort((a, b) => a.seq - b.seq);
    t.pending = [];
    const kept = [];
    for (const u of pending) {
      this.o.drawPixel(u.x, u.y, u.c);
      if (u.seq === t.seq + 1) {
        t.seq = u.seq;
      } else if (u.seq > t.seq + 1) {
        kept.push(u);
      }
    }
    if (kept.length > 0) {
      // Still a hole between the snapshot and the updates: load again once the index has moved on.
      t.pending = kept;
      t.retry = true;
      t.retryMin = kept[0].seq - 1;
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
