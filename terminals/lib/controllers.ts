import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Connection, ConnectionState } from './connection.js';
import { langEvents } from './i18n.js';
import { serverNow } from './settings.js';

export interface LiveOptions {
  /** The rooms the host shows; read again after every update, so they may follow its state. */
  topics: () => string[];
  /** Server → client events and what to do with each payload; the host re-renders after each. */
  on: Record<string, (payload: unknown) => void>;
  /** Re-fetch what the host shows: on connect and reconnect. */
  resync: () => void;
}

/**
 * The one owner of a screen's socket subscription: it joins the host's rooms in hostConnected,
 * leaves them in hostDisconnected, and calls requestUpdate() when a message lands, so the
 * screen draws it in the next frame.
 */
export class LiveController implements ReactiveController {
  private connection: Connection | null = null;
  private hostIsConnected = false;
  private stops: (() => void)[] = [];
  private readonly watched = new Map<string, () => void>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: LiveOptions,
  ) {
    host.addController(this);
  }

  /** online, offline or connecting; 'offline' with no connection yet. */
  get state(): ConnectionState {
    return this.connection?.state ?? 'offline';
  }

  /** Hands the controller the page's connection (after login), or takes it away (lock, logout). */
  use(connection: Connection | null): void {
    this.unbind();
    this.connection = connection;
    this.bind();
  }

  hostConnected(): void {
    this.hostIsConnected = true;
    this.bind();
  }

  hostDisconnected(): void {
    this.hostIsConnected = false;
    this.unbind();
  }

  hostUpdated(): void {
    this.syncTopics();
  }

  private bind(): void {
    const connection = this.connection;
    if (!connection || !this.hostIsConnected || this.stops.length) return;
    for (const [event, handle] of Object.entries(this.options.on)) {
      this.stops.push(
        connection.on(event, (payload) => {
          handle(payload);
          this.host.requestUpdate();
        }),
      );
    }
    this.stops.push(connection.onResync(() => this.options.resync()));
    const onState = () => this.host.requestUpdate();
    connection.addEventListener('state', onState);
    this.stops.push(() => connection.removeEventListener('state', onState));
    this.syncTopics();
    if (connection.connected) this.options.resync();
  }

  private unbind(): void {
    for (const stop of this.stops) stop();
    this.stops = [];
    for (const leave of this.watched.values()) leave();
    this.watched.clear();
  }

  private syncTopics(): void {
    if (!this.connection || !this.stops.length) return;
    const wanted = new Set(this.options.topics());
    for (const [topic, leave] of this.watched) {
      if (!wanted.has(topic)) {
        leave();
        this.watched.delete(topic);
      }
    }
    for (const topic of wanted) if (!this.watched.has(topic)) this.watched.set(topic, this.connection.watch(topic));
  }
}

/** Re-renders the host when the language changes. */
export class LangController implements ReactiveController {
  private readonly update = () => this.host.requestUpdate();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    langEvents.addEventListener('change', this.update);
  }

  hostDisconnected(): void {
    langEvents.removeEventListener('change', this.update);
  }
}

/** Re-renders the host on every second of the server's clock (ticket timers); `now` is server time. */
export class TickController implements ReactiveController {
  now = serverNow();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    const tick = () => {
      this.now = serverNow();
      this.host.requestUpdate();
      this.timer = setTimeout(tick, 1000 - (this.now % 1000));
    };
    tick();
  }

  hostDisconnected(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
