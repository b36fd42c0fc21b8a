// The WebSocket to the API: says hello on every open, pings to keep it alive and to notice a dead
// network, and reconnects by itself with back-off. What was missed while away is recovered by the
// tile sync (app.js resyncs after every hello), so a drop never needs a page reload.

const PING_EVERY_MS = 30_000;
const PONG_WITHIN_MS = 10_000;
const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000];

export class Connection {
  /**
   * @param {object} o
   * @param {(attempt:number)=>Promise<string>} o.url  the socket URL with a token; `attempt` counts
   *        failures since the last good connection, so the caller can fetch a fresh token
   * @param {(message:object)=>void} o.onMessage
   * @param {(state:string)=>void} o.onState   connecting | online | reconnecting | offline
   */
  constructor(o) {
    this.o = o;
    this.ws = null;
    this.failures = 0;
    this.everOnline = false;
    this.timer = 0;
    this.pingTimer = 0;
    this.pongTimer = 0;
    window.addEventListener('online', () => this.reconnectNow());
    window.addEventListener('offline', () => this.o.onState('offline'));
  }

  async start() {
    clearTimeout(this.timer);
    this.o.onState(this.everOnline ? 'reconnecting' : 'connecting');
    let url;
    try {
      url = await this.o.url(this.failures);
    } catch (e) {
      this.failures++;
      this.retry();
      return;
    }
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ action: 'hello' }));
    ws.onmessage = (e) => {
      let message;
      try {
        message = JSON.parse(e.data);
      } catch {
        return;
      }
      if (message.type === 'hello') {
        this.failures = 0;
        this.everOnline = true;
        this.o.onState('online');
        this.startPings();
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
      this.stopPings();
      this.failures++;
      this.retry();
    };
  }

  retry() {
    this.o.onState(navigator.onLine === false ? 'offline' : 'reconnecting');
    const base = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)];
    this.timer = setTimeout(() => this.start(), base * (0.75 + Math.random() * 0.5));
  }

  reconnectNow() {
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) {
      return;
    }
    clearTimeout(this.timer);
    this.start();
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
        this.pongTimer = setTimeout(() => this.ws?.close(), PONG_WITHIN_MS);
      }
    }, PING_EVERY_MS);
  }

  stopPings() {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
  }
}
