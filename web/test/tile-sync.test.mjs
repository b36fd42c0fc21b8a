import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TileSync } from '../js/tile-sync.js';

/**
 * A page in miniature: `shown` holds the colours drawn (a tile snapshot resets its pixels), and the
 * server side is a snapshot index plus tile versions whose content is a map of pixels.
 */
function page({ published = {}, versions = {} } = {}) {
  const server = { published: { ...published }, versions: { ...versions }, tileRequests: [] };
  const shown = new Map();
  const sync = new TileSync({
    tileSize: 256,
    index: async () => ({ tiles: { ...server.published } }),
    tile: async (key, seq) => {
      server.tileRequests.push(`${key}@${seq}`);
      return server.versions[`${key}@${seq}`] || {};
    },
    drawTile: (key, content) => {
      for (const k of [...shown.keys()]) {
        if (tileOf(k) === key) shown.delete(k);
      }
      for (const [k, c] of Object.entries(content || {})) shown.set(k, c);
    },
    drawPixel: (x, y, c) => shown.set(`${x},${y}`, c),
    sleep: () => new Promise((r) => setTimeout(r, 1)),
  });
  return { sync, shown, server };
}

function tileOf(pixelKey) {
  const [x, y] = pixelKey.split(',').map(Number);
  return `${Math.floor(x / 256)}:${Math.floor(y / 256)}`;
}

async function loaded(sync, key) {
  await sync.load(key);
  await settle(sync, key);
}

/** Waits for the tile's reloads (and their retries) to finish. */
async function settle(sync, key) {
  for (let i = 0; i < 200 && (sync.state(key).loading || sync.state(key).retry); i++) {
    await new Promise((r) => setTimeout(r, 2));
  }
}

test('a coalesced run that joins the tile sequence is drawn and moves the sequence to its end', async () => {
  const { sync, shown } = page({ published: { '0:0': 5 } });
  await loaded(sync, '0:0');
  sync.applyBatch({ tiles: [{ tile: '0:0', from: 4, to: 9, px: [1, 1, 3, 2, 2, 4] }] });
  assert.equal(sync.state('0:0').seq, 9);
  assert.equal(shown.get('1,1'), 3);
  assert.equal(shown.get('2,2'), 4);
  assert.equal(sync.stats.gaps, 0);
});

test('a run that ends at or below the tile sequence is already shown and is ignored', async () => {
  const { sync, shown } = page({ published: { '0:0': 5 }, versions: { '0:0@5': { '1,1': 7 } } });
  await loaded(sync, '0:0');
  sync.applyBatch({ tiles: [{ tile: '0:0', from: 2, to: 5, px: [1, 1, 3] }, { tile: '0:0', seq: [4], px: [1, 1, 2] }] });
  assert.equal(shown.get('1,1'), 7);
  assert.equal(sync.state('0:0').seq, 5);
});

test('a run that starts after a hole is drawn at once and the tile is fetched again at the sequence before it', async () => {
  const { sync, shown, server } = page({ published: { '0:0': 5 } });
  await loaded(sync, '0:0');
  // Sequence 6 (pixel 3,3) never arrives; the index soon shows the tile at 7.
  server.published['0:0'] = 7;
  server.versions['0:0@7'] = { '3,3': 1, '4,4': 2 };
  sync.applyBatch({ tiles: [{ tile: '0:0', from: 8, to: 9, px: [5, 5, 6] }] });
  assert.equal(shown.get('5,5'), 6, 'drawn before the hole is filled');
  assert.equal(sync.stats.gaps, 1);
  await settle(sync, '0:0');
  assert.deepEqual(server.tileRequests, ['0:0@5', '0:0@7']);
  assert.equal(shown.get('3,3'), 1);
  assert.equal(shown.get('5,5'), 6, 'the run is re-applied over the snapshot');
  assert.equal(sync.state('0:0').seq, 9);
});

test('a hole inside a JSON sequence run is noticed as a gap', async () => {
  const { sync, server } = page({ published: { '0:0': 1 } });
  await loaded(sync, '0:0');
  server.published['0:0'] = 3;
  sync.applyBatch({ tiles: [{ tile: '0:0', seq: [2, 4], px: [1, 1, 1, 2, 2, 2] }] });
  assert.equal(sync.stats.gaps, 1);
  await settle(sync, '0:0');
  assert.deepEqual(server.tileRequests, ['0:0@1', '0:0@3']);
  assert.equal(sync.state('0:0').seq, 4);
});

test('a resync run waits until the index reaches its end and loads that version', async () => {
  const { sync, shown, server } = page({ published: { '0:0': 3 } });
  await loaded(sync, '0:0');
  sync.applyBatch({ tiles: [{ tile: '0:0', from: 4, to: 900, resync: true }] });
  assert.equal(sync.stats.resyncs, 1);
  setTimeout(() => {
    server.versions['0:0@901'] = { '9,9': 12 };
    server.published['0:0'] = 901;
  }, 10);
  await settle(sync, '0:0');
  assert.ok(server.tileRequests.includes('0:0@901'), server.tileRequests.join());
  assert.equal(shown.get('9,9'), 12);
  assert.equal(sync.state('0:0').seq, 901);
});

test('runs kept while a tile loads are drawn over its snapshot with the newest colour last', async () => {
  const { sync, shown, server } = page({ published: { '0:0': 4 }, versions: { '0:0@4': { '1,1': 9 } } });
  const loading = sync.load('0:0');
  // Arrive during the download: a coalesced run reaching 8 with pixel 1,1's newest colour, and the
  // sequence run 5 it covers (listed later here, but older).
  sync.applyBatch({ tiles: [{ tile: '0:0', from: 3, to: 8, px: [1, 1, 2, 6, 6, 6] }, { tile: '0:0', seq: [5], px: [1, 1, 7] }] });
  await loading;
  await settle(sync, '0:0');
  assert.equal(shown.get('1,1'), 2);
  assert.equal(shown.get('6,6'), 6);
  assert.equal(sync.state('0:0').seq, 8);
  assert.deepEqual(server.tileRequests, ['0:0@4']);
});

test('a tile that leaves the subscribed area is loaded again from its snapshot when it comes back', async () => {
  const { sync, shown, server } = page({ published: { '0:0': 2, '5:5': 1 } });
  await loaded(sync, '5:5');
  sync.setArea({ tx0: 0, ty0: 0, tx1: 1, ty1: 1 });
  assert.equal(sync.state('5:5').loaded, false);
  // While out, its runs are not sent (or, sent late, only drawn); it changes meanwhile.
  sync.applyBatch({ tiles: [{ tile: '5:5', seq: [2], px: [1300, 1300, 4] }] });
  assert.equal(sync.state('5:5').pending.length, 0, 'nothing is kept for a tile outside the area');
  server.published['5:5'] = 3;
  server.versions['5:5@3'] = { '1300,1300': 4, '1301,1301': 5 };

  sync.setArea(null);
  await loaded(sync, '5:5');
  assert.equal(sync.state('5:5').seq, 3);
  assert.equal(shown.get('1301,1301'), 5);
});

test('a tile that leaves the area while its snapshot downloads is not counted as in sync', async () => {
  const { sync } = page({ published: { '3:3': 2 } });
  const loading = sync.load('3:3');
  sync.setArea({ tx0: 0, ty0: 0, tx1: 0, ty1: 0 });
  await loading;
  assert.equal(sync.state('3:3').loaded, false);
});
