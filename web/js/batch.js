// Binary `batch` messages (docs/protocol.md, "Binary batches"), decoded into the same runs the JSON
// form has, so the tile sync sees one shape whichever encoding the server chose. No DOM here.

const BATCH = 0x01;
const KINDS = ['sequence', 'coalesced', 'resync'];

/** Bits of a pixel's index in its tile: the bits of tileSize² − 1 (16 for 256-pixel tiles). */
export function positionBits(tileSize) {
  let bits = 0;
  for (let v = tileSize * tileSize - 1; v > 0; v = Math.floor(v / 2)) {
    bits++;
  }
  return bits;
}

/**
 * Decodes one binary batch into `{type:"batch", tiles:[...]}` with the JSON runs: sequence
 * `{tile, seq:[...], px:[x,y,c,...]}`, coalesced `{tile, from, to, px}`, resync `{tile, from, to, resync:true}`.
 * Pixel coordinates are canvas coordinates, as in JSON. Throws on anything malformed, so a broken
 * frame is never half applied.
 */
export function decodeBinaryBatch(bytes, tileSize) {
  if (bytes.length === 0 || bytes[0] !== BATCH) {
    throw new Error('not a binary batch');
  }
  const posBits = positionBits(tileSize);
  const entryBits = posBits + 4;
  let at = 1;

  // Arithmetic, not 32-bit bit operators: tile keys and sequence numbers may exceed 2^31.
  const varint = () => {
    let value = 0;
    for (let scale = 1; ; scale *= 128) {
      if (at >= bytes.length) {
        throw new Error('truncated varint');
      }
      const b = bytes[at++];
      value += (b & 0x7f) * scale;
      if (b < 0x80) {
        return value;
      }
      if (scale > 2 ** 49) {
        throw new Error('varint too long');
      }
    }
  };

  const pixels = (count, tx, ty, px) => {
    const byteCount = Math.ceil((count * entryBits) / 8);
    if (at + byteCount > bytes.length) {
      throw new Error('truncated pixels');
    }
    let acc = 0;
    let bits = 0;
    for (let i = 0; i < count; i++) {
      while (bits < entryBits) {
        acc = acc * 256 + bytes[at++];
        bits += 8;
      }
      bits -= entryBits;
      const high = 2 ** bits;
      const entry = Math.floor(acc / high);
      acc -= entry * high; // keep only the bits not yet consumed, so acc stays small
      const index = Math.floor(entry / 16);
      px.push(tx * tileSize + (index % tileSize), ty * tileSize + Math.floor(index / tileSize), entry % 16);
    }
    // The padding after the last entry is whole-byte aligned: the loop consumed exactly byteCount.
  };

  const tiles = [];
  let key = 0;
  while (at < bytes.length) {
    key += varint();
    const tx = key % 65536;
    const ty = Math.floor(key / 65536);
    const tile = `${tx}:${ty}`;
    const from = varint();
    const spanKind = varint();
    const kind = KINDS[spanKind % 4];
    const to = from + Math.floor(spanKind / 4);
    if (kind === 'sequence') {
      const px = [];
      pixels(to - from + 1, tx, ty, px);
      const seq = [];
      for (let s = from; s <= to; s++) {
        seq.push(s);
      }
      tiles.push({ tile, seq, px });
    } else if (kind === 'coalesced') {
      const px = [];
      pixels(varint(), tx, ty, px);
      tiles.push({ tile, from, to, px });
    } else if (kind === 'resync') {
      tiles.push({ tile, from, to, resync: true });
    } else {
      throw new Error(`unknown run kind ${spanKind % 4}`);
    }
  }
  return { type: 'batch', tiles };
}

/** Standard base64 (API Gateway mode's text frames) to bytes. */
export function base64Bytes(text) {
  const binary = atob(text.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}
