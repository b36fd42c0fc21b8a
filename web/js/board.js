// The canvas element that holds every pixel: one 2D canvas the size of the place canvas. Tiles are
// drawn with putImageData, single updates with fillRect; the view only transforms the element.

export class Board {
  constructor(canvas, palette, tileSize) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d', { alpha: false });
    this.palette = palette;
    this.tileSize = tileSize;
    // Little-endian RGBA words, so a whole ImageData row is filled with 32-bit stores.
    this.words = palette.map((hex) => {
      const n = parseInt(hex.slice(1), 16);
      return (0xff << 24) | ((n & 0xff) << 16) | (n & 0xff00) | ((n >> 16) & 0xff);
    });
  }

  get width() {
    return this.canvas.width;
  }

  get height() {
    return this.canvas.height;
  }

  /** Grows (or sets) the canvas size, keeping what is drawn; new area starts white. */
  resize(width, height) {
    if (width === this.canvas.width && height === this.canvas.height) {
      return false;
    }
    const old = document.createElement('canvas');
    old.width = this.canvas.width;
    old.height = this.canvas.height;
    old.getContext('2d').drawImage(this.canvas, 0, 0);
    this.canvas.width = width;
    this.canvas.height = height;
    this.ctx = this.canvas.getContext('2d', { alpha: false });
    this.ctx.fillStyle = this.palette[0];
    this.ctx.fillRect(0, 0, width, height);
    this.ctx.drawImage(old, 0, 0);
    return true;
  }

  drawPixel(x, y, colour) {
    this.ctx.fillStyle = this.palette[colour];
    this.ctx.fillRect(x, y, 1, 1);
  }

  /** u4 bytes in Redis BITFIELD order: pixel i in byte i/2, the even pixel in the high nibble. */
  drawTile(key, u4) {
    const [tx, ty] = key.split(':').map(Number);
    const size = this.tileSize;
    const image = this.ctx.createImageData(size, size);
    const out = new Uint32Array(image.data.buffer);
    if (u4) {
      for (let i = 0; i < size * size; i++) {
        const b = u4[i >> 1] ?? 0;
        out[i] = this.words[(i & 1) === 0 ? b >> 4 : b & 15];
      }
    } else {
      out.fill(this.words[0]);
    }
    this.ctx.putImageData(image, tx * size, ty * size);
  }

  /**
   * The tile as shown, re-encoded to u4 bytes (base64), to compare with the server's tile byte for
   * byte in tests. A pixel showing no palette colour encodes as 15 and so fails such a comparison.
   */
  tileU4(key) {
    const [tx, ty] = key.split(':').map(Number);
    const size = this.tileSize;
    const rgba = new Uint32Array(this.ctx.getImageData(tx * size, ty * size, size, size).data.buffer);
    const u4 = new Uint8Array(size * size / 2);
    const lookup = new Map(this.words.map((w, i) => [w >>> 0, i]));
    for (let i = 0; i < size * size; i++) {
      const c = lookup.get(rgba[i] >>> 0) ?? 15;
      u4[i >> 1] |= (i & 1) === 0 ? c << 4 : c;
    }
    let text = '';
    for (const b of u4) text += String.fromCharCode(b);
    return btoa(text);
  }

  /** Palette index of the colour shown at (x, y), or -1 (tests and the selection panel use it). */
  colourAt(x, y) {
    const [r, g, b] = this.ctx.getImageData(x, y, 1, 1).data;
    const word = (0xff << 24) | (b << 16) | (g << 8) | r;
    return this.words.indexOf(word);
  }
}
