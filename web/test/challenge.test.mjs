import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { challengeBits, leadingZeroBits, solveChallenge } from '../js/challenge.js';

test('leading zero bits count whole zero bytes, then the zeros of the first other byte', () => {
  assert.equal(leadingZeroBits(new Uint8Array([0x00, 0x00, 0x1f, 0xff])), 19);
  assert.equal(leadingZeroBits(new Uint8Array([0x80])), 0);
  assert.equal(leadingZeroBits(new Uint8Array([0, 0])), 16);
});

test('the difficulty is the challenge\'s first field, and anything else is not a challenge', () => {
  assert.equal(challengeBits('12.1764000000000.c2FsdA.abcdef'), 12);
  for (const bad of ['', 'x.1.2.3', '0.1.2.3', '33.1.2.3']) {
    assert.throws(() => challengeBits(bad), /not a proof-of-work challenge/, bad);
  }
});

test('a solved answer gives SHA-256(challenge:answer) the zero bits the challenge asks for', async () => {
  const challenge = '10.1764000000000.c2FsdHNhbHRzYWx0.0123456789abcdef';
  const answer = await solveChallenge(challenge);
  const digest = createHash('sha256').update(`${challenge}:${answer}`).digest();
  assert.ok(leadingZeroBits(digest) >= 10, `answer ${answer}`);
  assert.match(answer, /^[0-9a-z]{1,32}$/);
});
