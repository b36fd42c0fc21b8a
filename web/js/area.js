// Viewport subscriptions (docs/protocol.md, `subscribe`): which tiles the page asks the server for.
// No DOM here, so the rules are unit-tested in Node.

/**
 * The tiles on screen plus `margin` tiles around them, clamped to the canvas: `[tx0, ty0, tx1, ty1]`
 * inclusive, or "all" when that covers every tile (the overview; it also keeps tiles added by a
 * canvas growth coming without a new subscription).
 * @param {{x0:number, y0:number, x1:number, y1:number}} rect  canvas pixels on screen (may reach outside)
 */
export function tileArea(rect, { width, height, tileSize }, margin = 1) {
  const maxTx = Math.max(0, Math.ceil(width / tileSize) - 1);
  const maxTy = Math.max(0, Math.ceil(height / tileSize) - 1);
  const clamp = (v, max) => Math.min(max, Math.max(0, v));
  const tx0 = clamp(Math.floor(rect.x0 / tileSize) - margin, maxTx);
  const ty0 = clamp(Math.floor(rect.y0 / tileSize) - margin, maxTy);
  const tx1 = clamp(Math.floor(rect.x1 / tileSize) + margin, maxTx);
  const ty1 = clamp(Math.floor(rect.y1 / tileSize) + margin, maxTy);
  if (tx0 === 0 && ty0 === 0 && tx1 === maxTx && ty1 === maxTy) {
    return 'all';
  }
  return [tx0, ty0, tx1, ty1];
}

export function sameArea(a, b) {
  if (a === 'all' || b === 'all' || a == null || b == null) {
    return a === b;
  }
  return a.every((v, i) => v === b[i]);
}

/** The area as TileSync takes it: null for every tile. */
export function areaRect(area) {
  return area === 'all' ? null : { tx0: area[0], ty0: area[1], tx1: area[2], ty1: area[3] };
}

/**
 * Sends `subscribe` for the area the view wants, at most once per `delayMs` of quiet (panning and
 * zooming change it every frame) and only when it changed. A new connection starts at "all" on the
 * server, so after each hello the current area is sent again. A server that refuses the action
 * (an older one: UNKNOWN_ACTION) sends every tile, so the page then keeps every tile in sync.
 */
export class AreaSubscription {
  /**
   * @param {object} o
   * @param {(message:object)=>boolean} o.send      false when the socket is not open
   * @param {(area:'all'|number[])=>void} o.onArea  the area the server sends from now on
   * @param {number} [o.delayMs]
   */
  constructor(o) {
    this.o = o;
    this.delayMs = o.delayMs ?? 150;
    this.wanted = 'all';
    this.sent = 'all'; // what the server applies (its default for a new connection)
    this.supported = true;
    this.timer = 0;
  }

  want(area) {
    this.wanted = area;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  flush() {
    clearTimeout(this.timer);
    if (!this.supported || sameArea(this.wanted, this.sent)) {
      return;
    }
    const area = this.wanted;
    if (this.o.send({ action: 'subscribe', area })) {
      this.sent = area;
      this.o.onArea(area);
    }
  }

  /** A new connection: the server sends every tile until told otherwise. */
  connected() {
    const before = this.sent;
    this.sent = 'all';
    if (before !== 'all' && this.wanted === 'all') {
      this.o.onArea('all'); // wanted while the socket was down: a new connection already has it
    }
    this.flush();
  }

  /** The server does not know `subscribe`: it sends every tile. */
  refused() {
    if (this.supported) {
      this.supported = false;
      this.sent = 'all';
      this.o.onArea('all');
    }
  }
}
