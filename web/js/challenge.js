// The proof-of-work placement challenge (docs/protocol.md, CHALLENGE_REQUIRED): find an answer such
// that SHA-256(challenge ":" answer) starts with the challenge's number of zero bits. The server
// asks for one every N placements when the hook is on; a person never sees it, it costs a few
// milliseconds of hashing at the default 16 bits.

/** Leading zero bits of a digest (an ArrayBuffer or a byte array). */
export function leadingZeroBits(digest) {
  const bytes = digest instanceof Uint8Array ? digest : new Uint8Array(digest);
  let zeros = 0;
  for (const b of bytes) {
    if (b === 0) {
      zeros += 8;
      continue;
    }
    return zeros + Math.clz32(b) - 24;
  }
  return zeros;
}

/** The difficulty a challenge names: its first dot-separated field. */
export function challengeBits(challenge) {
  const bits = Number.parseInt(String(challenge).split('.')[0], 10);
  if (!Number.isInteger(bits) || bits < 1 || bits > 32) {
    throw new Error(`not a proof-of-work challenge: ${challenge}`);
  }
  return bits;
}

/**
 * Solves a challenge: answers are base-36 counters, as the server's own solver makes them. Yields
 * to the page every {@code batch} hashes so that the page stays responsive.
 */
export async function solveChallenge(challenge, { subtle = globalThis.crypto.subtle, batch = 2048 } = {}) {
  const bits = challengeBits(challenge);
  const encoder = new TextEncoder();
  for (let nonce = 0; ; nonce++) {
    const answer = nonce.toString(36);
    const digest = await subtle.digest('SHA-256', encoder.encode(`${challenge}:${answer}`));
    if (leadingZeroBits(digest) >= bits) {
      return answer;
    }
    if (nonce % batch === batch - 1) {
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
}
