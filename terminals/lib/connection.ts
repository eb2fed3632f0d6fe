import { io, type Socket } from 'socket.io-client';
import { SOCKET_EVENTS } from './contract.js';

export type ConnectionState = 'connecting' | 'online' | 'offline';

type Listener = (payload: unknown) => void;

/**
 * The page's one Socket.IO connection. It keeps the rooms a screen watches (joined again on every
 * connect) and tells the screens to re-fetch after a reconnect: Socket.IO's recovery helps, the
 * versions are the guarantee. Screens use it through LiveController.
 */
export class Connection extends EventTarget {
  state: ConnectionState = 'connecting';
  private readonly socket: Socket;
  private readonly topics = new Map<string, number>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly resyncs = new Set<() => void>();

  constructor(token: string, terminalId: string) {
    super();
    this.socket = io({ auth: { token, terminalId }, transports: ['websocket'], reconnectionDelayMax: 4000 });
    this.socket.on('connect', () => void this.onConnect());
    this.socket.on('disconnect', () => this.setState('offline'));
    this.socket.on('connect_error', (error: Error & { data?: { type?: unknown } }) => {
      this.setState('offline');
      if (error.data?.type === 'UNAUTHORIZED') this.dispatchEvent(new Event('unauthorized'));
    });
    // The gateway saw the cluster reform: messages may have been missed with no gap to show it.
    this.socket.on(SOCKET_EVENTS.resync, () => {
      for (const resync of this.resyncs) resync();
    });
    this.socket.onAny((event: string, payload: unknown) => {
      for (const listener of this.listeners.get(event) ?? []) listener(payload);
    });
    addEventListener('offline', this.goOffline);
    addEventListener('online', this.goOnline);
  }

  /** The browser says the network is gone: stop waiting for a heartbeat to notice. */
  private readonly goOffline = () => {
    this.socket.disconnect();
    this.setState('offline');
  };

  /** The network is back: connect now rather than after the back-off. */
  private readonly goOnline = () => {
    if (!this.socket.connected) {
      this.setState('connecting');
      // Drop a back-off in progress and connect at once.
      this.socket.disconnect().connect();
    }
  };

  private async onConnect(): Promise<void> {
    await Promise.all([...this.topics.keys()].map((topic) => this.join(topic)));
    this.setState('online');
    for (const resync of this.resyncs) resync();
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    this.dispatchEvent(new Event('state'));
  }

  private async join(topic: string): Promise<void> {
    try {
      const answer = (await this.socket.timeout(5000).emitWithAck(SOCKET_EVENTS.subscribe, { topic })) as { ok?: boolean };
      if (!answer?.ok) console.warn(`subscribe ${topic} refused`, answer);
    } catch {
      // No answer: the next connect joins again.
    }
  }

  /** Joins a room while someone watches it; answers the function that stops watching. */
  watch(topic: string): () => void {
    const count = this.topics.get(topic) ?? 0;
    this.topics.set(topic, count + 1);
    if (count === 0 && this.socket.connected) void this.join(topic);
    return () => {
      const left = (this.topics.get(topic) ?? 1) - 1;
      if (left > 0) return void this.topics.set(topic, left);
      this.topics.delete(topic);
      if (this.socket.connected) this.socket.emit(SOCKET_EVENTS.unsubscribe, { topic });
    };
  }

  /** Listens to a server → client event; answers the function that stops listening. */
  on(event: string, listener: Listener): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Called on every (re)connect, once the rooms are joined, and when the gateway says `resync`: the moment to re-fetch. */
  onResync(resync: () => void): () => void {
    this.resyncs.add(resync);
    return () => this.resyncs.delete(resync);
  }

  /** A client → server message with an ack; rejects when no ack comes within the timeout. */
  async request(event: string, payload: unknown, timeoutMs = 5000): Promise<unknown> {
    return this.socket.timeout(timeoutMs).emitWithAck(event, payload);
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  close(): void {
    removeEventListener('offline', this.goOffline);
    removeEventListener('online', this.goOnline);
    this.socket.close();
  }
}
