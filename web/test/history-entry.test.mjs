import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describePlacement } from '../js/history-entry.js';

const placement = { seq: 41, color: 1, userId: 'guest-griefer', placedAt: '2026-11-28T08:00:00.000Z' };
const restore = { seq: 42, color: 5, userId: 'moderation', placedAt: '2026-11-28T08:05:00.000Z', moderation: 'act-k3x9' };

test('a restore is listed as moderation with its action, not as a user, and offers no ban or revert', () => {
  assert.deepEqual(describePlacement(restore, 'guest-me'), {
    text: 'restored by moderation (action act-k3x9)', moderation: 'act-k3x9', actions: false,
  });
});

test('a placement names its user, or you, and only others can be banned or reverted', () => {
  assert.deepEqual(describePlacement(placement, 'guest-me'), { text: 'guest-griefer', moderation: null, actions: true });
  assert.deepEqual(describePlacement(placement, 'guest-griefer'), { text: 'you', moderation: null, actions: false });
});
