import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AreaSubscription, areaRect, sameArea, tileArea } from '../js/area.js';

const CANVAS = { width: 2000, height: 2000, tileSize: 256 }; // tiles 0..7 each way

test('the area is the tiles on screen plus one tile around them', () => {
  // pixels 600..900 x 300..500: tiles 2..3 x 1..1, plus the margin
  assert.deepEqual(tileArea({ x0: 600, y0: 300, x1: 900, y1: 500 }, CANVAS), [1, 0, 4, 2]);
});

test('the margin stops at the edges of the canvas', () => {
  assert.deepEqual(tileArea({ x0: -300, y0: 1900, x1: 100, y1: 2600 }, CANVAS), [0, 6, 1, 7]);
});

test('a view that takes in every tile subscribes to all of them', () => {
  assert.equal(tileArea({ x0: -50, y0: -50, x1: 2050, y1: 2050 }, CANVAS), 'all');
  // 256..1791 on screen: with the margin that is every tile too
  assert.equal(tileArea({ x0: 256, y0: 256, x1: 1791, y1: 1791 }, CANVAS), 'all');
});

test('a view entirely off the canvas still names a valid rectangle', () => {
  assert.deepEqual(tileArea({ x0: 5000, y0: 5000, x1: 6000, y1: 6000 }, CANVAS), [7, 7, 7, 7]);
});

test('areas compare by value and the overview is every tile', () => {
  assert.ok(sameArea([1, 2, 3, 4], [1, 2, 3, 4]));
  assert.ok(!sameArea([1, 2, 3, 4], [1, 2, 3, 5]));
  assert.ok(!sameArea('all', [0, 0, 7, 7]));
  assert.equal(areaRect('all'), null);
  assert.deepEqual(areaRect([1, 2, 3, 4]), { tx0: 1, ty0: 2, tx1: 3, ty1: 4 });
});

function subscriber(open = true) {
  const sent = [];
  const areas = [];
  const s = new AreaSubscription({
    send: (m) => open && sent.push(m) > 0,
    onArea: (a) => areas.push(a),
    delayMs: 20,
  });
  return { s, sent, areas, setOpen: (v) => { open = v; } };
}

const later = (ms) => new Promise((r) => setTimeout(r, ms));

test('while the view moves only the last area is sent, once it has been still for the delay', async () => {
  const { s, sent, areas } = subscriber();
  s.want([0, 0, 1, 1]);
  await later(5);
  s.want([1, 1, 2, 2]);
  await later(5);
  s.want([2, 2, 3, 3]);
  assert.equal(sent.length, 0);
  await later(40);
  assert.deepEqual(sent, [{ action: 'subscribe', area: [2, 2, 3, 3] }]);
  assert.deepEqual(areas, [[2, 2, 3, 3]]);
});

test('an unchanged area is not sent again', async () => {
  const { s, sent } = subscriber();
  s.want([0, 0, 1, 1]);
  await later(40);
  s.want([0, 0, 1, 1]);
  await later(40);
  s.want('all');
  await later(40);
  assert.deepEqual(sent.map((m) => m.area), [[0, 0, 1, 1], 'all']);
});

test('a new connection gets the current area again, since the server starts it at all', async () => {
  const { s, sent } = subscriber();
  s.want([3, 3, 4, 4]);
  await later(40);
  s.connected();
  assert.deepEqual(sent.map((m) => m.area), [[3, 3, 4, 4], [3, 3, 4, 4]]);
});

test('an area wanted while the socket is closed is sent when it opens', async () => {
  const { s, sent, setOpen } = subscriber(false);
  s.want([3, 3, 4, 4]);
  await later(40);
  assert.equal(sent.length, 0);
  setOpen(true);
  s.connected();
  assert.deepEqual(sent.map((m) => m.area), [[3, 3, 4, 4]]);
});

test('a server that refuses subscribe is taken to send every tile, and is not asked again', async () => {
  const { s, sent, areas } = subscriber();
  s.want([3, 3, 4, 4]);
  await later(40);
  s.refused();
  assert.deepEqual(areas, [[3, 3, 4, 4], 'all']);
  s.want([5, 5, 6, 6]);
  await later(40);
  s.connected();
  assert.equal(sent.length, 1);
});
