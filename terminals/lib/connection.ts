import { io, type Socket } from 'socket.io-client';
import { Rooms } from './rooms.js';

export type ConnectionState = 'connecting' | 'online' | 'offline';

/**
 * The page's one Socket.IO connection. Its rooms (joined again on every connect) and the moments
 * to re-fetch are `Rooms`; this adds what the browser knows: online and offline, and a session
 * that is no longer valid. Screens use it through LiveController.
 */
export class Connection extends EventTarget {
  state: ConnectionState = 'connecting';
  private readonly socket: Socket;
  private readonly rooms: Rooms;

  constructor(token: string, terminalId: string) {
    super();
    this.socket = io({ auth: { token, terminalId }, transports: ['websocket'], reconnectionDelayMax: 4000 });
    this.rooms = new Rooms(this.socket, () => this.setState('online'));
    this.socket.on('disconnect', (reason) => {
      this.setState('offline');
      // The server drops a socket only when its session ended (locked elsewhere, idle, a newer login).
      if (reason === 'io server disconnect') this.dispatchEvent(new Event('unauthorized'));
    });
    this.socket.on('connect_error', (error: Error & { data?: { type?: unknown } }) => {
      this.setState('offline');
      if (error.data?.type === 'UNAUTHORIZED' || error.data?.type === 'SESSION_ENDED') {
        this.dispatchEvent(new Event('unauthorized'));
      }
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

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    this.dispatchEvent(new Event('state'));
  }

  /** Joins a room while someone watches it; answers the function that stops watching. */
  watch(topic: string): () => void {
    return this.rooms.watch(topic);
  }

  /** Listens to a server → client event; answers the function that stops listening. */
  on(event: string, listener: (payload: unknown) => void): () => void {
    return this.rooms.on(event, listener);
  }

  /** Called on every (re)connect, once the rooms are joined, and when the gateway says `resync`: the moment to re-fetch. */
  onResync(resync: () => void): () => void {
    return this.rooms.onResync(resync);
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
