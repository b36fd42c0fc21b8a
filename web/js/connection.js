// The WebSocket to the server (API Gateway or the edge): says hello on every open, pings to keep it
// alive and to notice a dead network, and reconnects by itself with back-off. What was missed while
// away is recovered by the tile sync (app.js resyncs after every hello), so a drop never needs a
// page reload.
//
// The state shown is the socket's own: "online" from the hello answer until the socket closes. The
// browser's online/offline events are only hints (a blip the socket survives fires both): they make
// the connection check itself with a ping or reconnect at once, never set the state on their own.

import { base64Bytes } from './batch.js';

const PING_EVERY_MS = 30_000;
const PONG_WITHIN_MS = 10_000;
const PROBE_WITHIN_MS = 5_000;
const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000];

/**
 * Which socket the page uses (docs/web.md): `?via=edge|apigw`, by default the edge when the server
 * advertises one (`edgeUrl` in /api/v1/canvas/info). `?edge=ws://…` names an edge the server does
 * not advertise yet, but only on the page's own host or loopback: a shared link must not be able
 * to send the visitor's token elsewhere.
 * @returns {{via:'edge'|'apigw', url:string, note?:string}}
 */
export function chooseEndpoint(info, search, pageHost) {
  const params = new URLSearchParams(search);
  let edge = info.edgeUrl || null;
  const asked = params.get('edge');
  let note;
  if (!edge && asked) {
    if (trustedHost(asked, pageHost)) {
      edge = asked;
    } else {
      note = `ignored ?edge=${asked}: not this page's host`;
    }
  }
  const via = params.get('via');
  if (via === 'apigw' || (via !== 'edge' && !edge)) {
    return { via: 'apigw', url: info.webSocketUrl, note };
  }
  if (!edge) {
    return { via: 'apigw', url: info.webSocketUrl, note: note || 'no edge advertised: connected through API Gateway' };
  }
  return { via: 'edge', url: edge, note };
}

function trustedHost(url, pageHost) {
  try {
    const u = new URL(url);
    if (u.protocol !== 'ws:' && u.protocol !== 'wss:') {
      return false;
    }
    return u.hostname === pageHost || u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';
  } catch {
    return false;
  }
}

/** The socket URL with a connect ticket (single-use) as a query parameter. */
export function withTicket(url, ticket) {
  return `${url}${url.includes('?') ? '&' : '?'}ticket=${encodeURIComponent(ticket)}`;
}

/** The socket URL with the token as a query parameter, whether or not the URL has a query. */
export function withToken(url, token) {
  return `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
}

export class Connection {
  /**
   * @param {object} o
   * @param {(attempt:number)=>Promise<string>} o.url  the socket URL with a token; `attempt` counts
   *        failures since the last good connection, so the caller can fetch a fresh token
   * @param {object} o.hello   the hello message (e.g. with "encoding":"binary")
   * @param {(bytes:Uint8Array)=>object} o.binary  decodes a binary batch (binary frame, or a text
   *        frame of base64 through API Gateway)
   * @param {(message:object)=>void} o.onMessage
   * @param {(state:string)=>void} o.onState   connecting | online | reconnecting | offline
   */
  constructor(o) {
    this.o = o;
    this.ws = null;
    this.helloed = false;
    this.failures = 0;
    this.everOnline = false;
    this.state = null;
    this.timer = 0;
    this.pingTimer = 0;
    this.pongTimer = 0;
    this.stats = { frames: 0, binaryFrames: 0, base64Frames: 0, badFrames: 0 };
    window.addEventListener('online', () => this.networkBack());
    window.addEventListener('offline', () => this.networkLost());
  }

  setState(s) {
    if (s !== this.state) {
      this.state = s;
      this.o.onState(s);
    }
  }

  async start() {
    clearTimeout(this.timer);
    this.setState(this.everOnline ? 'reconnecting' : 'connecting');
    let url;
    try {
      url = await this.o.url(this.failures);
    } catch (e) {
      this.failures++;
      this.retry();
      return;
    }
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    this.helloed = false;
    ws.onopen = () => ws.send(JSON.stringify(this.o.hello || { action: 'hello' }));
    ws.onmessage = (e) => {
      const message = this.read(e.data);
      if (!message) {
        return;
      }
      if (message.type === 'hello') {
        this.failures = 0;
        this.everOnline = true;
        this.helloed = true;
        this.startPings();
      }
      if (this.helloed) {
        // Anything arriving proves the socket works, whatever the browser said about the network.
        this.setState('online');
      }
      if (message.type === 'pong') {
        clearTimeout(this.pongTimer);
      }
      this.o.onMessage(message);
    };
    ws.onclose = () => {
      if (this.ws !== ws) {
        return;
      }
      this.ws = null;
      this.helloed = false;
      this.stopPings();
      this.failures++;
      this.retry();
    };
  }

  /** One frame to a message: JSON text, a binary batch, or a base64 binary batch (API Gateway). */
  read(data) {
    this.stats.frames++;
    try {
      if (typeof data !== 'string') {
        this.stats.binaryFrames++;
        return this.o.binary(new Uint8Array(data));
      }
      if (data[0] !== '{') {
        this.stats.base64Frames++;
        return this.o.binary(base64Bytes(data));
      }
      return JSON.parse(data);
    } catch (e) {
      // A frame we cannot read is lost updates at worst: the next run's gap refetches its tile.
      this.stats.badFrames++;
      console.warn('unreadable frame', e);
      return null;
    }
  }

  retry() {
    this.setState(navigator.onLine === false ? 'offline' : 'reconnecting');
    const base = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)];
    this.timer = setTimeout(() => this.start(), base * (0.75 + Math.random() * 0.5));
  }

  /** The browser says the network is back: reconnect now, or, if the socket lived, make sure it does. */
  networkBack() {
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) {
      if (this.helloed) {
        this.setState('online');
        this.probe();
      }
      return;
    }
    clearTimeout(this.timer);
    this.start();
  }

  /** The browser says the network is gone: an open socket may still work, so ask it. */
  networkLost() {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.probe();
    } else {
      this.setState('offline');
    }
  }

  /** A ping that must be answered soon, else the socket is closed (and the usual reconnect follows). */
  probe() {
    if (this.send({ action: 'ping' })) {
      clearTimeout(this.pongTimer);
      this.pongTimer = setTimeout(() => this.ws?.close(), PROBE_WITHIN_MS);
    }
  }

  /** Closes the socket as a network drop would; the usual reconnect follows (used by tests too). */
  drop() {
    this.ws?.close();
  }

  send(message) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  startPings() {
    this.stopPings();
    this.pingTimer = setInterval(() => {
      if (this.send({ action: 'ping' })) {
        // No pong in time: the network is gone even if the socket has not noticed yet.
        clearTimeout(this.pongTimer);
        this.pongTimer = setTimeout(() => this.ws?.close(), PONG_WITHIN_MS);
      }
    }, PING_EVERY_MS);
  }

  stopPings() {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
  }
}
