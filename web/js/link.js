// Where the page opens and the link to what is on screen: `#x,y,zoom` in the address (zoom is the
// view's scale, screen pixels per canvas pixel). No DOM here.

const MIN_ZOOM = 0.1;
const MAX_ZOOM = 50;

/** `#x,y` or `#x,y,zoom` to {x, y, zoom}; zoom is null when absent; anything else is null. */
export function parseLink(hash) {
  const m = /^#?(\d{1,7}),(\d{1,7})(?:,(\d{1,3}(?:\.\d{1,3})?))?$/.exec(hash || '');
  if (!m) {
    return null;
  }
  const zoom = m[3] === undefined ? null : Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Number(m[3])));
  return { x: Number(m[1]), y: Number(m[2]), zoom };
}

export function formatLink(x, y, zoom) {
  return `#${Math.max(0, Math.round(x))},${Math.max(0, Math.round(y))},${Math.round(zoom * 10) / 10}`;
}

/**
 * Where a page without a link opens: pixels must be visible (the whole 2000x2000 canvas on a laptop
 * screen is ~30%, where a single pixel is not seen at all), so it centres on activity: the tile the
 * snapshot index shows with the highest sequence (the most placements), zoomed until that tile
 * fills the smaller side of the screen (at least 2 screen pixels a canvas pixel). A blank canvas
 * opens on its middle. A link's coordinates win, clamped to the canvas.
 * @returns {{x:number, y:number, zoom:number}}
 */
export function openingView(link, index, { width, height, tileSize }, screen) {
  const fill = Math.max(2, Math.min(screen.width, screen.height) / tileSize);
  if (link) {
    return {
      x: Math.min(width - 1, link.x),
      y: Math.min(height - 1, link.y),
      zoom: link.zoom ?? 10,
    };
  }
  let best = null;
  for (const [key, seq] of Object.entries(index?.tiles || {})) {
    if (seq > 0 && (!best || seq > best.seq)) {
      best = { key, seq };
    }
  }
  if (!best) {
    return { x: Math.floor(width / 2), y: Math.floor(height / 2), zoom: fill };
  }
  const [tx, ty] = best.key.split(':').map(Number);
  // The middle of the tile's part that lies on the canvas (edge tiles may be cut).
  const x0 = tx * tileSize;
  const y0 = ty * tileSize;
  return {
    x: Math.floor((x0 + Math.min(width, x0 + tileSize)) / 2),
    y: Math.floor((y0 + Math.min(height, y0 + tileSize)) / 2),
    zoom: fill,
  };
}
