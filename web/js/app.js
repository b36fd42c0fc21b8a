// Start-up and wiring of the web client. Order matters for not missing a pixel (docs/web.md):
// 1. open the WebSocket first, so updates are buffered from this moment on;
// 2. fetch the snapshot index and the tiles, visible ones first;
// 3. re-apply buffered updates newer than each tile's snapshot (TileSync does 2 and 3).
// Only the tiles of the subscribed area (on screen plus a margin) are loaded and kept live.
import { Api, Snapshots } from './api.js';
import { AreaSubscription, areaRect, sameArea, tileArea } from './area.js';
import { decodeBinaryBatch } from './batch.js';
import { Board } from './board.js';
import { solveChallenge } from './challenge.js';
import { ModeratorApi, isModerator } from './moderation.js';
import { mountModeratorPanel } from './mod-panel.js';
import { beginSignIn, completeSignIn } from './auth.js';
import { Connection, chooseEndpoint, withTicket } from './connection.js';
import { describePlacement } from './history-entry.js';
import { formatLink, openingView, parseLink } from './link.js';
import { TileSync, gunzip } from './tile-sync.js';
import { View } from './view.js';

const $ = (id) => document.getElementById(id);
const apiBase = document.querySelector('meta[name="place-api"]')?.content || location.origin;
const api = new Api(apiBase);
const params = new URLSearchParams(location.search);
const ONLINE_EVERY_MS = 5_000;

const state = {
  info: null,
  userId: null,
  clockOffset: 0, // server time - local time, ms
  nextPlacementAt: 0,
  colour: null,
  selected: null,
  lastPlacement: null, // the last place request, sent again with a solved challenge when asked
  helloCount: 0,
  online: false,
  via: null,
  encoding: null,
  area: 'all',
  subscribed: null,
  historyCursor: null,
};

function serverNow() {
  return Date.now() + state.clockOffset;
}

function say(text) {
  $('message').textContent = text;
}

async function main() {
  const info = await retrying(() => api.info());
  state.info = info;
  const board = new Board($('board'), info.palette, info.tileSize);
  board.resize(info.width, info.height);
  const snapshots = new Snapshots(info.snapshotIndexUrl, gunzip);
  const sync = new TileSync({
    tileSize: info.tileSize,
    index: () => snapshots.index(),
    tile: (key, seq) => snapshots.tile(key, seq),
    drawTile: (key, u4) => board.drawTile(key, u4),
    drawPixel: (x, y, c) => board.drawPixel(x, y, c),
  });
  // Back from the provider's login page: exchange the ID token for an account session first.
  const provider = info.signIn?.provider;
  if (provider) {
    try {
      const idToken = await completeSignIn(provider);
      if (idToken) {
        await api.signIn(idToken);
      }
    } catch (e) {
      say(e.message);
    }
    $('sign-in').onclick = () => beginSignIn(provider).catch((e) => say(e.message));
  }
  $('sign-out').onclick = async () => {
    await api.signOut();
    location.reload();
  };
  const endpoint = chooseEndpoint(info, location.search, location.hostname);
  state.via = endpoint.via;
  if (endpoint.note) {
    say(endpoint.note);
  }
  const view = new View($('viewport'), $('board'), $('reticle'), {
    onHover: (p) => {
      $('coords').textContent = inside(board, p) ? `(${p.x}, ${p.y})` : '(–, –)';
    },
    onSelect: (p) => select(inside(board, p) ? p : null),
    insets: () => ({ top: $('topbar').offsetHeight, bottom: $('panel').offsetHeight }),
    onChange: (v) => {
      $('zoom-level').textContent = `${Math.round(v.scale * 100)}%`;
      // Keep the address a link to what is on screen (replaceState: no history entry per frame).
      const r = $('viewport').getBoundingClientRect();
      const c = v.pixelAt(r.width / 2, r.height / 2);
      const link = formatLink(c.x, c.y, v.scale);
      if (location.hash !== link) {
        history.replaceState(null, '', link);
      }
      subscription.want(wantedArea());
    },
  });

  function wantedArea() {
    return tileArea(view.visibleRect(), { width: board.width, height: board.height, tileSize: info.tileSize });
  }

  // The server sends the subscribed tiles only; tiles coming into the area missed their updates
  // while out, so they are loaded from a snapshot (live runs meanwhile are kept and re-applied),
  // and compared with the index again as it catches up with placements made just before the
  // server applied the new area.
  const subscription = new AreaSubscription({
    send: (m) => conn.send(m),
    onArea: (area) => {
      const changed = !sameArea(area, state.area);
      state.area = area;
      sync.setArea(areaRect(area));
      if (changed) {
        loadTiles();
        for (const delay of [1500, 3500]) {
          setTimeout(() => snapshots.index().then((index) => sync.reconcile(index)).catch(() => {}), delay);
        }
      }
    },
  });

  const conn = new Connection({
    url: async (failures) => {
      // A refused handshake looks like any other drop; after two in a row the token may be the
      // reason, so get a new one once (not on every retry of a long outage: that is a new guest).
      const session = await api.session(failures === 2);
      showWho(session);
      moderate(session);
      // Both paths get a single-use ticket, so access logs hold nothing reusable (docs/protocol.md, Connecting).
      return withTicket(endpoint.url, await api.ticket(session.token));
    },
    // Binary batches are a fifth of the JSON; ?encoding=json asks for JSON (debugging, tools).
    hello: { action: 'hello', encoding: params.get('encoding') === 'json' ? 'json' : 'binary' },
    binary: (bytes) => decodeBinaryBatch(bytes, info.tileSize),
    onState: (s) => {
      const was = state.online;
      state.online = s === 'online';
      const label = { connecting: 'connecting…', online: 'connected', reconnecting: 'reconnecting…', offline: 'offline' }[s];
      $('status').className = `status ${s}`;
      $('status').textContent = label;
      if (state.online && !was) {
        showOnline();
      }
      refreshControls();
    },
    onMessage: (m) => handle(m),
  });

  function showVia() {
    $('via').textContent = `via ${state.via === 'edge' ? 'edge' : 'API Gateway'}${state.encoding ? ` · ${state.encoding}` : ''}`;
  }

  function handle(m) {
    switch (m.type) {
      case 'hello':
        state.userId = m.userId;
        state.connectionId = m.connectionId;
        state.clockOffset = m.serverTime - Date.now();
        state.nextPlacementAt = m.nextPlacementAt;
        // A server that ignores "encoding" answers JSON batches (and says so, or says nothing).
        state.encoding = m.encoding === 'binary' ? 'binary' : 'json';
        showVia();
        grow(m.width, m.height);
        state.helloCount++;
        subscription.connected();
        // Also after the first hello: the tiles may have loaded from an index read before the
        // socket was open, and placements in between would show no gap on a quiet tile.
        resync();
        setTimeout(showOnline, 1000);
        break;
      case 'subscribed':
        state.subscribed = m.area ?? null;
        break;
      case 'batch':
        sync.applyBatch(m);
        break;
      case 'placed':
        sync.applyPlaced(m);
        state.nextPlacementAt = m.nextPlacementAt;
        say(`Placed at (${m.x}, ${m.y}).`);
        if (state.selected && state.selected.x === m.x && state.selected.y === m.y) {
          // History is written from the event stream, a moment after the placement.
          setTimeout(() => state.selected?.x === m.x && state.selected?.y === m.y && loadHistory(m.x, m.y), 1500);
        }
        break;
      case 'resize':
        grow(m.width, m.height);
        break;
      case 'pong':
        state.clockOffset = m.serverTime - Date.now();
        break;
      case 'error':
        if (m.code === 'CHALLENGE_REQUIRED' && m.challenge && state.lastPlacement && state.lastPlacement.tries < 3) {
          // The server checks now and then that a placer spends a little CPU: solve and send again
          // (a few times at most: an answer refused again and again is not worth burning the CPU).
          say('Checking…');
          state.lastPlacement.tries++;
          const { tries, ...placement } = state.lastPlacement;
          solveChallenge(m.challenge)
            .then((answer) => conn.send({ ...placement, challenge: m.challenge, answer }))
            .catch(() => say(m.message || m.code));
          break;
        }
        if (m.code === 'TOO_MANY_MESSAGES') {
          // The refused message may have been a subscribe: say the area again once the window ends.
          subscription.sent = null;
          setTimeout(() => subscription.flush(), Math.max(0, m.retryAt - serverNow()) + 100);
        }
        if (m.code === 'UNKNOWN_ACTION') {
          // Only `subscribe` can be unknown to a server (hello, place and ping always exist).
          subscription.refused();
          break;
        }
        if (m.retryAt) {
          state.nextPlacementAt = Math.max(state.nextPlacementAt, m.retryAt);
        }
        say(m.message || m.code);
        break;
      default:
        break;
    }
    refreshControls();
  }

  function showOnline() {
    if (document.hidden) {
      return; // nobody is looking; visibilitychange asks again
    }
    api.info().then((i) => {
      // The server's count is cached for a few seconds; a connected page counts at least itself.
      const count = i.online == null ? null : (state.online ? Math.max(1, i.online) : i.online);
      $('online').textContent = count == null ? '– online' : `${count} online`;
    }).catch(() => {});
  }

  /** The canvas grew: enlarge the board and load the tiles of the new area. */
  function grow(width, height) {
    if (width > board.width || height > board.height) {
      board.resize(Math.max(width, board.width), Math.max(height, board.height));
      loadTiles();
    }
  }

  /**
   * After a reconnect: anything placed while away is in the index within about a second of being
   * placed, so compare now and twice more as the index catches up. Tiles whose index sequence is
   * above ours are refetched; live updates above ours that leave a hole do the same.
   */
  function resync() {
    for (const delay of [0, 1500, 3500]) {
      setTimeout(() => snapshots.index().then((index) => sync.reconcile(index)).catch(() => {}), delay);
    }
  }

  /** Loads every tile of the area not yet loaded, the ones nearest the middle of the view first. */
  async function loadTiles() {
    const index = await retrying(() => snapshots.index());
    grow(index.width, index.height);
    const ts = info.tileSize;
    const r = view.visibleRect();
    const cx = (r.x0 + r.x1) / 2 / ts;
    const cy = (r.y0 + r.y1) / 2 / ts;
    const keys = [];
    for (let ty = 0; ty * ts < board.height; ty++) {
      for (let tx = 0; tx * ts < board.width; tx++) {
        keys.push({ key: `${tx}:${ty}`, d: Math.hypot(tx + 0.5 - cx, ty + 0.5 - cy) });
      }
    }
    keys.sort((a, b) => a.d - b.d);
    const queue = [];
    for (const { key } of keys) {
      if (!sync.inArea(key)) {
        continue;
      }
      const t = sync.state(key);
      if (t.loaded || t.loading) {
        continue;
      }
      if (index.tiles[key]) {
        queue.push(key);
      } else {
        sync.markBlank(key);
      }
    }
    // Six downloads at a time, like a browser's per-host limit, so visible tiles come first.
    await Promise.all(Array.from({ length: 6 }, async () => {
      while (queue.length) {
        const key = queue.shift();
        const t = sync.state(key);
        // Another call may have loaded it meanwhile, or the area moved on.
        if (!t.loaded && sync.inArea(key)) {
          await sync.load(key);
        }
      }
    }));
  }

  /** The moderator panel, for moderator and admin sessions only (the server refuses others anyway). */
  function moderate(session) {
    if (!isModerator(session) || state.mod) {
      return;
    }
    state.mod = mountModeratorPanel({
      root: $('mod-panel'),
      api: new ModeratorApi(api.base, session.token),
      selected: () => state.selected,
      reload: () => resync(),
      view,
      canvasSize: () => ({ width: board.width, height: board.height }),
    });
    window.place.mod = state.mod;
  }

  function select(p) {
    state.selected = p;
    view.select(p);
    $('history-toggle').hidden = !p;
    if (p) {
      $('selected-coords').textContent = `Selected (${p.x}, ${p.y})`;
      loadHistory(p.x, p.y);
    } else {
      $('selected-coords').textContent = 'Tap a pixel to select it';
      $('history').hidden = true;
    }
    refreshControls();
  }

  async function loadHistory(x, y, more = false) {
    const list = $('history-list');
    if (!more) {
      list.replaceChildren();
      state.historyCursor = null;
    }
    $('history').hidden = false;
    try {
      const page = await api.history(x, y, more ? state.historyCursor : null);
      if (!state.selected || state.selected.x !== x || state.selected.y !== y) {
        return;
      }
      for (const p of page.placements) {
        const li = document.createElement('li');
        const chip = document.createElement('span');
        chip.className = 'chip';
        chip.style.background = info.palette[p.color];
        const entry = describePlacement(p, state.userId);
        li.append(chip, `${entry.text} · ${ago(p.placedAt)}`);
        li.classList.toggle('history-moderation', entry.moderation !== null);
        if (state.mod && entry.actions) {
          const ban = Object.assign(document.createElement('button'), { textContent: 'Ban', className: 'mod-history-ban' });
          ban.addEventListener('click', () => state.mod.banUser(p.userId));
          const revert = Object.assign(document.createElement('button'), { textContent: 'Revert', className: 'mod-history-revert' });
          revert.addEventListener('click', () => state.mod.revertUser(p.userId));
          li.append(' ', ban, ' ', revert);
        }
        li.title = new Date(p.placedAt).toLocaleString();
        list.append(li);
      }
      if (!more && page.placements.length === 0) {
        list.append(Object.assign(document.createElement('li'), { textContent: 'never placed (white since the start)' }));
      }
      state.historyCursor = page.next;
      $('history-more').hidden = !page.next;
    } catch (e) {
      list.replaceChildren(Object.assign(document.createElement('li'), {
        textContent: e.status === 404 ? 'history is not available on this server' : `history unavailable (${e.message})`,
      }));
      $('history-more').hidden = true;
    }
  }

  function refreshControls() {
    const wait = Math.ceil((state.nextPlacementAt - serverNow()) / 1000);
    let hint = '';
    if (wait > 0) {
      hint = `Next pixel in ${Math.floor(wait / 60)}:${String(wait % 60).padStart(2, '0')}`;
    } else if (!state.userId) {
      hint = '';
    } else if (!state.online) {
      hint = 'Offline: you can place when reconnected';
    } else if (!state.selected) {
      hint = 'Tap a pixel to choose where';
    } else if (state.colour === null) {
      hint = 'Pick a colour';
    } else {
      hint = 'Ready to place';
    }
    $('cooldown').textContent = hint;
    const ready = wait <= 0 && state.online && state.selected && state.colour !== null;
    $('place').disabled = !ready;
    $('place').textContent = state.selected && state.colour !== null
      ? `Place at (${state.selected.x}, ${state.selected.y})` : 'Place';
  }

  // Palette: 16 swatches, one chosen at a time.
  info.palette.forEach((hex, i) => {
    const b = document.createElement('button');
    b.className = 'swatch';
    b.style.background = hex;
    b.title = `colour ${i} (${hex})`;
    b.dataset.colour = i;
    b.setAttribute('role', 'radio');
    b.setAttribute('aria-checked', 'false');
    b.addEventListener('click', () => {
      state.colour = i;
      for (const s of $('palette').children) {
        s.setAttribute('aria-checked', String(s === b));
      }
      refreshControls();
    });
    $('palette').append(b);
  });

  // The selection and the colour are the click; this button is the confirmation.
  $('place').addEventListener('click', () => {
    if (!state.selected || state.colour === null) {
      return;
    }
    state.lastPlacement = { action: 'place', x: state.selected.x, y: state.selected.y, color: state.colour, tries: 0 };
    const { tries, ...placement } = state.lastPlacement;
    if (conn.send(placement)) {
      say('Placing…');
      $('place').disabled = true;
    }
  });
  $('history-toggle').addEventListener('click', () => {
    $('history').hidden = !$('history').hidden;
  });
  $('history-more').addEventListener('click', () => state.selected && loadHistory(state.selected.x, state.selected.y, true));
  $('zoom-in').addEventListener('click', () => view.zoomCenter(1.5));
  $('zoom-out').addEventListener('click', () => view.zoomCenter(1 / 1.5));
  $('zoom-fit').addEventListener('click', () => view.fit());
  window.addEventListener('resize', () => view.schedule());
  // A link pasted into the address bar of an open page (replaceState above fires no hashchange).
  window.addEventListener('hashchange', () => {
    const link = parseLink(location.hash);
    if (link) {
      view.centerOn(link.x, link.y, link.zoom ?? view.scale);
    }
  });
  document.addEventListener('visibilitychange', () => showOnline());

  // For tests and curious people in the console.
  window.place = { api, board, conn, sync, view, snapshots, state, subscription, ready: false };
  showVia();

  // A shared link (#x,y,zoom) opens there; otherwise where pixels were placed, close enough to see
  // them (the ⤢ button or 0 shows the whole canvas).
  const link = parseLink(location.hash);
  const r = $('viewport').getBoundingClientRect();
  const opening = openingView(link, link ? null : await retrying(() => snapshots.index()),
    { width: board.width, height: board.height, tileSize: info.tileSize }, { width: r.width, height: r.height });
  view.centerOn(opening.x, opening.y, opening.zoom);
  state.area = wantedArea();
  sync.setArea(areaRect(state.area));
  subscription.want(state.area);
  conn.start(); // 1. socket first: updates are buffered per tile from here on
  await loadTiles(); // 2. + 3.
  window.place.ready = true;

  setInterval(refreshControls, 250);
  // Safety net: a tile the index shows newer than ours is refetched even if no update revealed it.
  setInterval(() => snapshots.index().then((index) => sync.reconcile(index)).catch(() => {}), 10_000);
  // The server counts at most every 5 s; asking as often keeps the count within seconds of the truth.
  setInterval(showOnline, ONLINE_EVERY_MS);
}

/** Who this page places as, and the sign-in or sign-out button that fits. */
function showWho(session) {
  const account = session && session.role !== 'guest';
  $('who').textContent = account ? `${session.role === 'user' ? 'signed in' : session.role}` : 'guest';
  $('who').title = session ? session.userId : '';
  $('sign-in').hidden = account || !state.info?.signIn?.provider;
  $('sign-out').hidden = !account;
}

function inside(board, p) {
  return p.x >= 0 && p.y >= 0 && p.x < board.width && p.y < board.height;
}

function ago(iso) {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(iso).toLocaleDateString();
}

async function retrying(call) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      say(`Cannot reach the server (${e.message}); retrying…`);
      await new Promise((r) => setTimeout(r, Math.min(5000, 500 * (attempt + 1))));
    }
  }
}

main();
