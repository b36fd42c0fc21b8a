import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLink, openingView, parseLink } from '../js/link.js';
import { chooseEndpoint, withToken } from '../js/connection.js';

const CANVAS = { width: 2000, height: 2000, tileSize: 256 };
const LAPTOP = { width: 1000, height: 800 };

test('a link names a pixel and optionally the zoom', () => {
  assert.deepEqual(parseLink('#120,45,8'), { x: 120, y: 45, zoom: 8 });
  assert.deepEqual(parseLink('#120,45,2.5'), { x: 120, y: 45, zoom: 2.5 });
  assert.deepEqual(parseLink('#120,45'), { x: 120, y: 45, zoom: null });
});

test('anything else in the hash is not a link', () => {
  for (const hash of ['', '#', '#a,b', '#1,2,3,4', '#-5,3', '#1,2,x', '#1e3,2']) {
    assert.equal(parseLink(hash), null, hash);
  }
});

test('a link zoom is held to what the view can show', () => {
  assert.equal(parseLink('#1,1,900').zoom, 50);
  assert.equal(parseLink('#1,1,0.01').zoom, 0.1);
});

test('the link written for a view reads back as that view', () => {
  const text = formatLink(1234.4, 56.6, 3.14159);
  assert.equal(text, '#1234,57,3.1');
  assert.deepEqual(parseLink(text), { x: 1234, y: 57, zoom: 3.1 });
});

test('a page opened with a link centres on it, inside the canvas', () => {
  assert.deepEqual(openingView({ x: 10, y: 20, zoom: 4 }, null, CANVAS, LAPTOP), { x: 10, y: 20, zoom: 4 });
  assert.deepEqual(openingView({ x: 9000, y: 20, zoom: null }, null, CANVAS, LAPTOP), { x: 1999, y: 20, zoom: 10 });
});

test('a page without a link opens on the busiest tile, zoomed so its pixels can be seen', () => {
  const index = { tiles: { '0:0': 3, '5:2': 40, '7:7': 12 } };
  const view = openingView(null, index, CANVAS, LAPTOP);
  assert.deepEqual({ x: view.x, y: view.y }, { x: 5 * 256 + 128, y: 2 * 256 + 128 });
  assert.ok(view.zoom >= 2, `zoom ${view.zoom}`);
  assert.equal(view.zoom, 800 / 256);
});

test('the busiest tile on the cut edge of the canvas is centred on its part that exists', () => {
  const view = openingView(null, { tiles: { '7:7': 1 } }, CANVAS, LAPTOP);
  assert.deepEqual({ x: view.x, y: view.y }, { x: 1896, y: 1896 });
});

test('a blank canvas opens on its middle, still zoomed in', () => {
  assert.deepEqual(openingView(null, { tiles: {} }, CANVAS, { width: 390, height: 700 }), { x: 1000, y: 1000, zoom: 2 });
});

const INFO = { webSocketUrl: 'ws://127.0.0.1:3001/local' };

test('the edge is used when the server advertises one, unless the page asks for API Gateway', () => {
  const info = { ...INFO, edgeUrl: 'ws://127.0.0.1:3003/' };
  assert.deepEqual(chooseEndpoint(info, '', '127.0.0.1'), { via: 'edge', url: 'ws://127.0.0.1:3003/', note: undefined });
  assert.equal(chooseEndpoint(info, '?via=apigw', '127.0.0.1').url, INFO.webSocketUrl);
});

test('without an advertised edge the page uses API Gateway, or an edge given in the page address', () => {
  assert.equal(chooseEndpoint(INFO, '', '127.0.0.1').via, 'apigw');
  assert.deepEqual(chooseEndpoint(INFO, '?edge=ws://127.0.0.1:3003', '127.0.0.1'), { via: 'edge', url: 'ws://127.0.0.1:3003', note: undefined });
  const asked = chooseEndpoint(INFO, '?via=edge', '127.0.0.1');
  assert.equal(asked.via, 'apigw');
  assert.match(asked.note, /no edge/);
});

test('an edge on another host in the page address is ignored, so a link cannot send the token away', () => {
  const chosen = chooseEndpoint(INFO, '?edge=wss://evil.example/&via=edge', 'place.example');
  assert.equal(chosen.url, INFO.webSocketUrl);
  assert.match(chosen.note, /ignored/);
});

test('the token joins the socket address whether or not it has a query already', () => {
  assert.equal(withToken('ws://h:1/local', 'a b'), 'ws://h:1/local?token=a%20b');
  assert.equal(withToken('ws://h:1/?x=1', 't'), 'ws://h:1/?x=1&token=t');
});
