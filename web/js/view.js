// Pan and zoom of the canvas element: one CSS transform (translate + scale), so the browser's
// compositor moves a 2000x2000 canvas at frame rate without redrawing any pixel.
// Input: drag (mouse, pen, one finger), two-finger pinch, wheel, keys and buttons; while the
// moderator view picks an area, a drag selects a rectangle instead.
import { rectFromCorners } from './moderation.js';

const MIN_SCALE = 0.1;
const MAX_SCALE = 50;
const DRAG_THRESHOLD = 5; // px a press may move and still count as a click

export class View {
  constructor(viewport, board, reticle, { onHover, onSelect, onChange, insets }) {
    this.viewport = viewport;
    this.insets = insets;
    this.board = board;
    this.reticle = reticle;
    this.onHover = onHover;
    this.onSelect = onSelect;
    this.onChange = onChange;
    this.scale = 1;
    this.ox = 0;
    this.oy = 0;
    this.selected = null;
    this.area = null; // {x, y, w, h} outlined on the canvas (the moderator view's selection)
    this.areaBox = null;
    this.areaPick = null; // while set, a one-pointer drag draws a rectangle instead of panning
    this.pointers = new Map();
    this.gesture = null;
    this.frame = 0;
    this.listen();
  }

  /** Whole canvas in view, centred in the part of the screen the bars leave free. */
  fit() {
    const r = this.viewport.getBoundingClientRect();
    const { top, bottom } = this.insets ? this.insets() : { top: 0, bottom: 0 };
    const free = Math.max(50, r.height - top - bottom);
    const s = Math.min(r.width / this.board.width, free / this.board.height) * 0.95;
    this.set(s, (r.width - this.board.width * s) / 2, top + (free - this.board.height * s) / 2);
  }

  /** Centres canvas pixel (x, y) at the given scale. */
  centerOn(x, y, scale = this.scale) {
    const r = this.viewport.getBoundingClientRect();
    this.set(scale, r.width / 2 - (x + 0.5) * scale, r.height / 2 - (y + 0.5) * scale);
  }

  set(scale, ox, oy) {
    this.scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
    this.ox = ox;
    this.oy = oy;
    this.schedule();
  }

  /** Zooms by `factor` keeping the screen point (sx, sy) over the same canvas point. */
  zoomAt(factor, sx, sy) {
    const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, this.scale * factor));
    const k = next / this.scale;
    this.set(next, sx - (sx - this.ox) * k, sy - (sy - this.oy) * k);
  }

  zoomCenter(factor) {
    const r = this.viewport.getBoundingClientRect();
    this.zoomAt(factor, r.width / 2, r.height / 2);
  }

  panBy(dx, dy) {
    this.set(this.scale, this.ox + dx, this.oy + dy);
  }

  /** Canvas pixel under a screen point (may be outside the canvas). */
  pixelAt(sx, sy) {
    return { x: Math.floor((sx - this.ox) / this.scale), y: Math.floor((sy - this.oy) / this.scale) };
  }

  /** Canvas rectangle currently on screen, for loading the visible tiles first. */
  visibleRect() {
    const r = this.viewport.getBoundingClientRect();
    const a = this.pixelAt(0, 0);
    const b = this.pixelAt(r.width, r.height);
    return { x0: a.x, y0: a.y, x1: b.x, y1: b.y };
  }

  select(p) {
    this.selected = p;
    this.schedule();
  }

  /**
   * From now on a one-pointer drag selects a rectangle of pixels (`onDrag` while it moves, `onDone`
   * at the end, each with `{x, y, w, h}`) instead of panning; pinch and wheel still zoom. `null` stops.
   */
  pickArea(handlers) {
    this.areaPick = handlers;
    this.viewport.style.cursor = handlers ? 'cell' : '';
  }

  /** Outlines a rectangle of pixels in `box` (an element over the viewport), or hides it (null). */
  showArea(rect, box = this.areaBox) {
    this.area = rect;
    this.areaBox = box;
    this.schedule();
  }

  schedule() {
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.render();
      });
    }
  }

  render() {
    this.board.style.transform = `translate(${this.ox}px, ${this.oy}px) scale(${this.scale})`;
    if (this.selected) {
      const size = Math.max(this.scale, 4);
      const off = (size - this.scale) / 2;
      this.reticle.hidden = false;
      this.reticle.style.width = `${size + 4}px`;
      this.reticle.style.height = `${size + 4}px`;
      this.reticle.style.transform = `translate(${this.ox + this.selected.x * this.scale - off - 2}px, ${
        this.oy + this.selected.y * this.scale - off - 2}px)`;
    } else {
      this.reticle.hidden = true;
    }
    if (this.areaBox) {
      const a = this.area;
      this.areaBox.hidden = !a;
      if (a) {
        this.areaBox.style.width = `${a.w * this.scale}px`;
        this.areaBox.style.height = `${a.h * this.scale}px`;
        this.areaBox.style.transform = `translate(${this.ox + a.x * this.scale}px, ${this.oy + a.y * this.scale}px)`;
      }
    }
    this.onChange?.(this);
  }

  local(e) {
    const r = this.viewport.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  listen() {
    const vp = this.viewport;
    vp.addEventListener('pointerdown', (e) => {
      vp.setPointerCapture(e.pointerId);
      vp.focus({ preventScroll: true });
      this.pointers.set(e.pointerId, this.local(e));
      if (this.pointers.size === 1) {
        const p = this.local(e);
        this.gesture = this.areaPick ? { kind: 'area', from: this.pixelAt(p.x, p.y) }
          : { kind: 'press', startX: p.x, startY: p.y, lastX: p.x, lastY: p.y };
      } else if (this.pointers.size === 2) {
        this.gesture = { kind: 'pinch', ...this.pinchState() };
      }
    });
    vp.addEventListener('pointermove', (e) => {
      const p = this.local(e);
      this.onHover?.(this.pixelAt(p.x, p.y));
      if (!this.pointers.has(e.pointerId)) {
        return;
      }
      this.pointers.set(e.pointerId, p);
      const g = this.gesture;
      if (!g) {
        return;
      }
      if (g.kind === 'area') {
        this.areaPick?.onDrag?.(rectFromCorners(g.from, this.pixelAt(p.x, p.y)));
      } else if (g.kind === 'pinch' && this.pointers.size >= 2) {
        const now = this.pinchState();
        const k = now.dist / g.dist;
        // Zoom about the previous midpoint, then follow the midpoint's movement (two-finger pan).
        this.zoomAt(k, g.mx, g.my);
        this.panBy(now.mx - g.mx, now.my - g.my);
        Object.assign(g, now);
      } else if (g.kind === 'press' || g.kind === 'drag') {
        if (g.kind === 'press' && Math.hypot(p.x - g.startX, p.y - g.startY) > DRAG_THRESHOLD) {
          g.kind = 'drag';
          vp.style.cursor = 'grabbing';
        }
        if (g.kind === 'drag') {
          this.panBy(p.x - g.lastX, p.y - g.lastY);
        }
        g.lastX = p.x;
        g.lastY = p.y;
      }
    });
    const end = (e) => {
      if (!this.pointers.has(e.pointerId)) {
        return;
      }
      this.pointers.delete(e.pointerId);
      const g = this.gesture;
      if (g && g.kind === 'area' && e.type === 'pointerup') {
        const p = this.local(e);
        this.areaPick?.onDone?.(rectFromCorners(g.from, this.pixelAt(p.x, p.y)));
      }
      if (g && g.kind === 'press' && e.type === 'pointerup') {
        const p = this.pixelAt(g.startX, g.startY);
        this.onSelect?.(p);
      }
      vp.style.cursor = this.areaPick ? 'cell' : '';
      // After a pinch the remaining finger continues as a drag, never as a click.
      if (this.pointers.size === 1) {
        const [q] = this.pointers.values();
        this.gesture = { kind: 'drag', startX: q.x, startY: q.y, lastX: q.x, lastY: q.y };
      } else {
        this.gesture = this.pointers.size >= 2 ? { kind: 'pinch', ...this.pinchState() } : null;
      }
    };
    vp.addEventListener('pointerup', end);
    vp.addEventListener('pointercancel', end);
    vp.addEventListener('wheel', (e) => {
      e.preventDefault();
      const p = this.local(e);
      // Pixel-precise trackpads send small deltas, mouse wheels ~100 per notch; both feel even.
      const delta = e.deltaMode === 1 ? e.deltaY * 33 : e.deltaY;
      this.zoomAt(Math.exp(-delta * 0.0015), p.x, p.y);
    }, { passive: false });
    // On the document, not the viewport: after a click on a zoom button or a swatch the focus is
    // there, and the keys must still pan and zoom. Typing in a field and browser shortcuts
    // (Ctrl/Cmd/Alt) are left alone.
    document.addEventListener('keydown', (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTextField(e.target)) {
        return;
      }
      const step = e.shiftKey ? 200 : 60;
      const keys = {
        ArrowLeft: () => this.panBy(step, 0), a: () => this.panBy(step, 0),
        ArrowRight: () => this.panBy(-step, 0), d: () => this.panBy(-step, 0),
        ArrowUp: () => this.panBy(0, step), w: () => this.panBy(0, step),
        ArrowDown: () => this.panBy(0, -step), s: () => this.panBy(0, -step),
        '+': () => this.zoomCenter(1.5), '=': () => this.zoomCenter(1.5),
        '-': () => this.zoomCenter(1 / 1.5), '0': () => this.fit(),
      };
      const action = keys[e.key];
      if (action) {
        e.preventDefault();
        action();
      }
    });
  }

  pinchState() {
    const [a, b] = [...this.pointers.values()];
    return { dist: Math.max(1, Math.hypot(a.x - b.x, a.y - b.y)), mx: (a.x + b.x) / 2, my: (a.y + b.y) / 2 };
  }
}

function isTextField(element) {
  return !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
}
