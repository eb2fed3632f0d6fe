import type { Socket } from 'socket.io-client';
import { SOCKET_EVENTS } from './contract.js';

type Listener = (payload: unknown) => void;

/**
 * The rooms a page watches on its socket, joined again on every connect, and the moments to
 * re-fetch: every (re)connect once the rooms are joined, and the gateway's `resync`. Socket.IO's
 * recovery helps, the versions are the guarantee. No DOM: the cluster tests drive it in Node.
 */
export class Rooms {
  private readonly topics = new Map<string, number>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly resyncs = new Set<() => void>();

  constructor(
    private readonly socket: Socket,
    /** Called on every connect, once the rooms are joined and before the re-fetches. */
    private readonly joined: () => void = () => undefined,
  ) {
    socket.on('connect', () => void this.onConnect());
    // The gateway saw the cluster reform: messages may have been missed with no gap to show it.
    socket.on(SOCKET_EVENTS.resync, () => {
      for (const resync of this.resyncs) resync();
    });
    socket.onAny((event: string, payload: unknown) => {
      for (const listener of this.listeners.get(event) ?? []) listener(payload);
    });
  }

  private async onConnect(): Promise<void> {
    await Promise.all([...this.topics.keys()].map((topic) => this.join(topic)));
    this.joined();
    for (const resync of this.resyncs) resync();
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
}
