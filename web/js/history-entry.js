// One entry of a pixel's history as the page lists it (app.js draws it). No DOM here.

/**
 * Who an entry names. A restore a moderation action wrote (`moderation` holds the action's id,
 * docs/history.md) is nobody's placement: it says so and names the action, so it is not read as a
 * user's pixel, and a moderator is offered no Ban or Revert on it (its userId is the restorer).
 * @returns {{text: string, moderation: string|null, actions: boolean}}
 */
export function describePlacement(p, selfId) {
  if (p.moderation) {
    return { text: `restored by moderation (action ${p.moderation})`, moderation: p.moderation, actions: false };
  }
  const own = p.userId === selfId;
  return { text: own ? 'you' : p.userId, moderation: null, actions: !own };
}
