// HTTP calls of the web client: sessions (account or guest), connect tickets, canvas description,
// snapshots and pixel history.

const SESSION_KEY = 'place.session';

export class Api {
  constructor(base) {
    this.base = base.replace(/\/$/, '');
  }

  url(path) {
    return this.base + path;
  }

  async json(path, init) {
    const response = await fetch(this.url(path), init);
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const error = new Error(body?.message || `HTTP ${response.status}`);
      error.status = response.status;
      error.code = body?.code;
      throw error;
    }
    return body;
  }

  /** The session kept in this browser, or null (unreadable storage, private mode). */
  kept() {
    try {
      return JSON.parse(localStorage.getItem(SESSION_KEY));
    } catch {
      return null;
    }
  }

  keep(session) {
    try {
      localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    } catch {
      // private mode: the session lives as long as the page
    }
    return session;
  }

  forget() {
    try {
      localStorage.removeItem(SESSION_KEY);
    } catch {
      // nothing kept
    }
  }

  /**
   * The session kept in this browser (an account's or a guest's); a new guest session when there is
   * none, it is expiring, or `fresh` (the server refused it twice: revoked or expired).
   */
  async session(fresh = false) {
    const kept = this.kept();
    if (!fresh && kept && Date.parse(kept.expiresAt) - Date.now() > 3600_000) {
      return kept;
    }
    return this.keep(await this.json('/api/v1/session', { method: 'POST' }));
  }

  /** Exchanges a verified-by-the-server ID token for an account session, kept from now on. */
  async signIn(idToken) {
    return this.keep(await this.json('/api/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idToken }),
    }));
  }

  /** Signs the account out everywhere (every device); the next session is a guest's. */
  async signOut() {
    const kept = this.kept();
    this.forget();
    if (kept) {
      await this.json('/api/v1/session', { method: 'DELETE', headers: { authorization: `Bearer ${kept.token}` } }).catch(() => {});
    }
  }

  /** A single-use connect ticket for one WebSocket handshake, so the URL holds no reusable token. */
  async ticket(token) {
    return (await this.json('/api/v1/connect-ticket', { method: 'POST', headers: { authorization: `Bearer ${token}` } })).ticket;
  }

  info() {
    return this.json('/api/v1/canvas/info', { cache: 'no-cache' });
  }

  /** Placements of one pixel, newest first, one page (issue #5's endpoint). */
  history(x, y, cursor) {
    const query = new URLSearchParams({ x, y, limit: 10 });
    if (cursor) {
      query.set('cursor', cursor);
    }
    return this.json(`/api/v1/pixel?${query}`);
  }
}

/**
 * Snapshots on the CDN: `latest.json` (revalidated with its ETag, ~1 s cache) and immutable tile
 * versions `tiles/{tx}-{ty}/{seq}.u4.gz` (cached for ever by the browser and the CDN).
 */
export class Snapshots {
  constructor(indexUrl, gunzip) {
    this.indexUrl = indexUrl;
    this.base = indexUrl.slice(0, indexUrl.lastIndexOf('/') + 1);
    this.gunzip = gunzip;
    this.inflight = null;
    this.fetchedAt = 0;
    this.last = null;
  }

  /** The index; concurrent callers share one request, and a result under 250 ms old is reused. */
  index() {
    if (this.last && performance.now() - this.fetchedAt < 250) {
      return Promise.resolve(this.last);
    }
    if (!this.inflight) {
      this.inflight = fetch(this.indexUrl, { cache: 'no-cache' })
        .then((r) => {
          if (!r.ok) {
            throw new Error(`index: HTTP ${r.status}`);
          }
          return r.json();
        })
        .then((index) => {
          this.last = index;
          this.fetchedAt = performance.now();
          return index;
        })
        .finally(() => {
          this.inflight = null;
        });
    }
    return this.inflight;
  }

  async tile(key, seq) {
    const [tx, ty] = key.split(':');
    const response = await fetch(`${this.base}tiles/${tx}-${ty}/${seq}.u4.gz`);
    if (!response.ok) {
      throw new Error(`tile ${key}@${seq}: HTTP ${response.status}`);
    }
    return this.gunzip(await response.arrayBuffer());
  }
}
