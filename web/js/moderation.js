// The moderator view (docs/moderation.md, docs/web.md): for moderator and admin sessions only. The
// server refuses everyone else on every /api/v1/mod/ route anyway; the page only hides what would fail.

/** Whether a session may use the moderator routes (its role comes from the session answer). */
export function isModerator(session) {
  return !!session && (session.role === 'moderator' || session.role === 'admin');
}

/** A rectangle from two corner pixels, inclusive: what "corner 1" and "corner 2" select. */
export function rectFromCorners(a, b) {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.abs(a.x - b.x) + 1, h: Math.abs(a.y - b.y) + 1 };
}

/** The rectangle clipped to a width x height canvas, or null when none of it is on the canvas. */
export function clipRect(r, width, height) {
  const x0 = Math.max(0, r.x);
  const y0 = Math.max(0, r.y);
  const x1 = Math.min(width, r.x + r.w);
  const y1 = Math.min(height, r.y + r.h);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
}

/** An expiry in hours from now as ISO-8601, or null (until lifted: admins only) for an empty field. */
export function expiryFromHours(hours, now = Date.now()) {
  if (hours === '' || hours == null) {
    return null;
  }
  const n = Number(hours);
  if (!Number.isFinite(n) || n <= 0) {
    throw new Error('the ban length must be a positive number of hours, or empty for until lifted');
  }
  return new Date(now + n * 3600_000).toISOString();
}

/** One line of the audit log, as the panel lists it. */
export function describeAuditEntry(e) {
  const what = e.action === 'protect' && e.parameters
    ? `protect ${e.target} (${e.parameters.x},${e.parameters.y} ${e.parameters.w}x${e.parameters.h})`
    : `${e.action} ${e.target}`;
  return `${e.at.slice(0, 19).replace('T', ' ')} ${what} by ${e.moderator}${e.reason ? `: ${e.reason}` : ''}`;
}

/** One canvas-changing action, as the panel shows its progress. */
export function describeAction(a) {
  const progress = a.progress && a.progress.total ? ` ${a.progress.done}/${a.progress.total}` : '';
  const undone = a.undoneBy ? `, undone by ${a.undoneBy}` : '';
  const failed = a.error ? `: ${a.error}` : '';
  return `${a.kind} ${a.id}: ${a.state}${progress}, ${a.pixelsChanged ?? 0} pixels${undone}${failed}`;
}

/** True once an action will not change any more. */
export function settled(action) {
  return action.state === 'done' || action.state === 'failed';
}

/** The moderator routes, with the session's token; errors carry the server's code and status. */
export class ModeratorApi {
  constructor(base, token, fetchImpl = (...a) => fetch(...a)) {
    this.base = base.replace(/\/$/, '');
    this.token = token;
    this.fetch = fetchImpl;
  }

  async call(method, path, body) {
    const headers = { authorization: `Bearer ${this.token}` };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    const response = await this.fetch(this.base + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json().catch(() => null);
    if (!response.ok) {
      const error = new Error(json?.message || `HTTP ${response.status}`);
      error.status = response.status;
      error.code = json?.code;
      throw error;
    }
    return json;
  }

  ban(userId, reason, expiresAt) {
    const body = { userId, reason };
    if (expiresAt) {
      body.expiresAt = expiresAt;
    }
    return this.call('POST', '/api/v1/mod/bans', body);
  }

  banOf(userId) {
    return this.call('GET', `/api/v1/mod/bans/${encodeURIComponent(userId)}`);
  }

  unban(userId, reason) {
    return this.call('DELETE', `/api/v1/mod/bans/${encodeURIComponent(userId)}`, reason ? { reason } : undefined);
  }

  protect(rect, reason) {
    return this.call('POST', '/api/v1/mod/protected-areas', { ...rect, reason });
  }

  areas() {
    return this.call('GET', '/api/v1/mod/protected-areas');
  }

  unprotect(id, reason) {
    return this.call('DELETE', `/api/v1/mod/protected-areas/${encodeURIComponent(id)}`, reason ? { reason } : undefined);
  }

  audit(limit = 50) {
    return this.call('GET', `/api/v1/mod/audit?limit=${limit}`);
  }

  // The canvas-changing actions (the contract in docs/moderation.md; served once the routes land).
  previewRollback(rect, to) {
    return this.call('POST', '/api/v1/mod/previews', { action: 'rollback', ...rect, to });
  }

  previewRevert(userId, since) {
    return this.call('POST', '/api/v1/mod/previews', since ? { action: 'revert', userId, since } : { action: 'revert', userId });
  }

  rollback(rect, to, reason) {
    return this.call('POST', '/api/v1/mod/rollbacks', { ...rect, to, reason });
  }

  revert(userId, since, reason) {
    return this.call('POST', '/api/v1/mod/reverts', since ? { userId, since, reason } : { userId, reason });
  }

  undo(id, reason) {
    return this.call('POST', `/api/v1/mod/actions/${encodeURIComponent(id)}/undo`, { reason });
  }

  action(id) {
    return this.call('GET', `/api/v1/mod/actions/${encodeURIComponent(id)}`);
  }

  actions(limit = 50) {
    return this.call('GET', `/api/v1/mod/actions?limit=${limit}`);
  }
}
