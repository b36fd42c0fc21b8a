import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  clipRect, describeAction, describeAuditEntry, expiryFromHours, isModerator, ModeratorApi, rectFromCorners, settled,
} from '../js/moderation.js';

test('only moderator and admin sessions get the moderator view', () => {
  assert.equal(isModerator({ role: 'moderator' }), true);
  assert.equal(isModerator({ role: 'admin' }), true);
  for (const session of [{ role: 'user' }, { role: 'guest' }, {}, null, undefined]) {
    assert.equal(isModerator(session), false, JSON.stringify(session));
  }
});

test('two corners make the inclusive rectangle between them, in either order', () => {
  assert.deepEqual(rectFromCorners({ x: 10, y: 20 }, { x: 12, y: 25 }), { x: 10, y: 20, w: 3, h: 6 });
  assert.deepEqual(rectFromCorners({ x: 12, y: 25 }, { x: 10, y: 20 }), { x: 10, y: 20, w: 3, h: 6 });
  assert.deepEqual(rectFromCorners({ x: 5, y: 5 }, { x: 5, y: 5 }), { x: 5, y: 5, w: 1, h: 1 });
});

test('a ban length in hours becomes an expiry; empty is until lifted; anything else is refused', () => {
  assert.equal(expiryFromHours('2', Date.parse('2026-12-01T10:00:00Z')), '2026-12-01T12:00:00.000Z');
  assert.equal(expiryFromHours(''), null);
  for (const bad of ['0', '-1', 'soon']) {
    assert.throws(() => expiryFromHours(bad), /positive number of hours/, bad);
  }
});

test('audit entries and actions read as one line each', () => {
  assert.equal(describeAuditEntry({ at: '2026-12-01T10:00:00.000Z', action: 'protect', target: 'area-1', moderator: 'u-m',
    reason: 'logo', parameters: { x: 1, y: 2, w: 3, h: 4 } }), '2026-12-01 10:00:00 protect area-1 (1,2 3x4) by u-m: logo');
  assert.equal(describeAuditEntry({ at: '2026-12-01T10:00:00.000Z', action: 'unban', target: 'u-x', moderator: 'u-m', reason: '' }),
    '2026-12-01 10:00:00 unban u-x by u-m');
  const applying = { id: 'a1', kind: 'rollback', state: 'applying', progress: { done: 5, total: 9 }, pixelsChanged: 5, undoneBy: null, error: null };
  assert.equal(describeAction(applying), 'rollback a1: applying 5/9, 5 pixels');
  assert.equal(settled(applying), false);
  assert.equal(settled({ ...applying, state: 'done' }), true);
  assert.equal(settled({ ...applying, state: 'failed' }), true);
  assert.equal(describeAction({ ...applying, state: 'done', undoneBy: 'a2' }), 'rollback a1: done 5/9, 5 pixels, undone by a2');
});

test('the moderator routes are called with the session token and the contract\'s bodies; errors keep the server\'s code', async () => {
  const calls = [];
  const fetchImpl = async (url, init) => {
    calls.push({ url, method: init.method, auth: init.headers.authorization, body: init.body && JSON.parse(init.body) });
    if (url.endsWith('/bans/u-missing')) {
      return { ok: false, status: 404, json: async () => ({ code: 'NOT_FOUND', message: 'no ban in force' }) };
    }
    return { ok: true, status: 200, json: async () => ({ ok: true }) };
  };
  const mod = new ModeratorApi('http://api/', 'tok', fetchImpl);
  await mod.ban('u-1', 'botting', '2026-12-01T12:00:00.000Z');
  await mod.ban('u-2', 'raid', null);
  await mod.protect({ x: 1, y: 2, w: 3, h: 4 }, 'logo');
  await mod.previewRollback({ x: 1, y: 2, w: 3, h: 4 }, '2026-12-01T09:00:00.000Z');
  await mod.previewRevert('u-3');
  await mod.rollback({ x: 1, y: 2, w: 3, h: 4 }, '2026-12-01T09:00:00.000Z', 'raid');
  await mod.revert('u-3', undefined, 'griefing');
  await mod.undo('act-1', 'mistake');
  await mod.audit(20);
  await assert.rejects(mod.banOf('u-missing'), (e) => e.code === 'NOT_FOUND' && e.status === 404);

  assert.ok(calls.every((c) => c.auth === 'Bearer tok'));
  assert.deepEqual(calls.map((c) => `${c.method} ${c.url.replace('http://api', '')}`), [
    'POST /api/v1/mod/bans', 'POST /api/v1/mod/bans', 'POST /api/v1/mod/protected-areas', 'POST /api/v1/mod/previews',
    'POST /api/v1/mod/previews', 'POST /api/v1/mod/rollbacks', 'POST /api/v1/mod/reverts', 'POST /api/v1/mod/actions/act-1/undo',
    'GET /api/v1/mod/audit?limit=20', 'GET /api/v1/mod/bans/u-missing']);
  assert.deepEqual(calls[0].body, { userId: 'u-1', reason: 'botting', expiresAt: '2026-12-01T12:00:00.000Z' });
  assert.deepEqual(calls[1].body, { userId: 'u-2', reason: 'raid' }, 'no expiresAt: until lifted');
  assert.deepEqual(calls[3].body, { action: 'rollback', x: 1, y: 2, w: 3, h: 4, to: '2026-12-01T09:00:00.000Z' });
  assert.deepEqual(calls[4].body, { action: 'revert', userId: 'u-3' });
  assert.deepEqual(calls[5].body, { x: 1, y: 2, w: 3, h: 4, to: '2026-12-01T09:00:00.000Z', reason: 'raid' });
  assert.deepEqual(calls[6].body, { userId: 'u-3', reason: 'griefing' });
  assert.deepEqual(calls[7].body, { reason: 'mistake' });
});

test('a rectangle dragged past the canvas edge is clipped to the canvas, and one wholly off it is none', () => {
  assert.deepEqual(clipRect({ x: -3, y: 1990, w: 10, h: 20 }, 2000, 2000), { x: 0, y: 1990, w: 7, h: 10 });
  assert.deepEqual(clipRect({ x: 5, y: 6, w: 2, h: 3 }, 2000, 2000), { x: 5, y: 6, w: 2, h: 3 });
  assert.equal(clipRect({ x: 2000, y: 0, w: 5, h: 5 }, 2000, 2000), null);
});
