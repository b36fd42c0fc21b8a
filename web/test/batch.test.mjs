import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base64Bytes, decodeBinaryBatch, positionBits } from '../js/batch.js';

const hex = (text) => Uint8Array.from(text.split(' '), (h) => parseInt(h, 16));

// docs/protocol.md, "Binary batches": the worked example, byte for byte.
const WORKED_EXAMPLE = '01 00 2a 04 14 0a 51 40 b3 01 07 09 01 05 2c f0';
const WORKED_EXAMPLE_RUNS = [
  { tile: '0:0', seq: [42, 43], px: [10, 20, 5, 11, 20, 3] },
  { tile: '1:0', from: 7, to: 9, px: [300, 5, 15] },
];

test('the worked example of the protocol document decodes to its two runs', () => {
  assert.deepEqual(decodeBinaryBatch(hex(WORKED_EXAMPLE), 256), { type: 'batch', tiles: WORKED_EXAMPLE_RUNS });
});

test('the base64 text of the worked example is the same batch', () => {
  assert.deepEqual(decodeBinaryBatch(base64Bytes('AQAqBBQKUUCzAQcJAQUs8A=='), 256).tiles, WORKED_EXAMPLE_RUNS);
});

test('a resync run carries no pixels and names the sequence to reload at', () => {
  // tile 2:1 (key 65538), from 3, span 897 << 2 | 2
  const bytes = [0x01, 0x82, 0x80, 0x04, 0x03, ...varint(897 * 4 + 2)];
  assert.deepEqual(decodeBinaryBatch(Uint8Array.from(bytes), 256).tiles, [{ tile: '2:1', from: 3, to: 900, resync: true }]);
});

test('sequence numbers beyond 32 bits decode exactly', () => {
  const first = 2 ** 40 + 5;
  const bytes = [0x01, 0x00, ...varint(first), ...varint(2 * 4 + 2)];
  assert.deepEqual(decodeBinaryBatch(Uint8Array.from(bytes), 256).tiles[0], { tile: '0:0', from: first, to: first + 2, resync: true });
});

test('tile keys are differences to the previous run, so later runs add up', () => {
  // 0:0 then +65536 (0:1) then +1 (1:1), each a resync run 1..1
  const bytes = [0x01, 0x00, 0x01, 0x02, ...varint(65536), 0x01, 0x02, 0x01, 0x01, 0x02];
  assert.deepEqual(decodeBinaryBatch(Uint8Array.from(bytes), 256).tiles.map((r) => r.tile), ['0:0', '0:1', '1:1']);
});

test('small tiles pack pixels in fewer bits', () => {
  assert.equal(positionBits(256), 16);
  assert.equal(positionBits(100), 14);
  // 4-pixel tiles: 4 index bits + 4 colour bits = one byte per pixel; tile 1:0, pixel 5 = (1,1) colour 9
  const bytes = Uint8Array.from([0x01, 0x01, 0x07, 0x00, 0x59]);
  assert.deepEqual(decodeBinaryBatch(bytes, 4).tiles, [{ tile: '1:0', seq: [7], px: [5, 1, 9] }]);
});

test('a truncated or foreign message is refused rather than half applied', () => {
  const worked = hex(WORKED_EXAMPLE);
  assert.throws(() => decodeBinaryBatch(worked.slice(0, 7), 256), /truncated/);
  assert.throws(() => decodeBinaryBatch(worked.slice(0, 3), 256), /truncated/);
  assert.throws(() => decodeBinaryBatch(Uint8Array.from([0x7b, 0x22]), 256), /not a binary batch/);
  assert.throws(() => decodeBinaryBatch(Uint8Array.from([0x01, 0x00, 0x01, 0x03]), 256), /unknown run kind/);
});

function varint(value) {
  const out = [];
  while (value >= 128) {
    out.push((value % 128) | 0x80);
    value = Math.floor(value / 128);
  }
  out.push(value);
  return out;
}
