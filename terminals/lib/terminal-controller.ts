import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { markUsefulPaint } from './boot.js';
import { LangController, LiveController, type LiveOptions } from './controllers.js';
import { Outbox, type OutboxEntry, type OutboxEvent } from './outbox.js';
import { SessionController } from './session-controller.js';
import { loadSettings } from './settings.js';

export interface TerminalOptions extends LiveOptions {
  /** The terminal this screen logs in as. */
  terminalId: string;
  /** The IndexedDB database of the screen's outbox; left out by a screen that writes nothing, whose outbox stays closed. */
  outbox?: string;
  /** What the screen makes of each answered or refused command (the host re-renders after it). */
  onOutbox?: (event: OutboxEvent) => void;
  /** True once what the screen came to show has arrived (a screen drawn from its cache needs none). */
  loaded?: () => boolean;
}

/**
 * The wiring every screen shares: who is logged in on the terminal, the socket, the outbox, the
 * language. The screen's rooms are watched only while someone is logged in; on every (re)connect
 * and on the server's `resync` the screen re-fetches what it shows, the outbox is sent and the
 * settings (currency, the server's clock) are read again. `ready` is false until the outbox is
 * read from IndexedDB and the kept session picked up: the screen draws nothing before.
 */
export class TerminalController implements ReactiveController {
  readonly live: LiveController;
  readonly auth: SessionController;
  readonly outbox: Outbox;
  ready = false;
  private readonly i18n: LangController;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: TerminalOptions,
  ) {
    this.i18n = new LangController(host);
    this.live = new LiveController(host, {
      topics: () => (this.auth.session ? options.topics() : []),
      on: options.on,
      resync: () => {
        options.resync();
        void this.outbox.flush();
        loadSettings(this.auth.api)
          .then(() => host.requestUpdate())
          .catch(this.auth.failed);
      },
    });
    this.auth = new SessionController(host, options.terminalId, this.live);
    this.outbox = new Outbox(options.outbox ?? '', () => this.auth.session?.token ?? null);
    this.outbox.addEventListener('change', () => host.requestUpdate());
    this.outbox.addEventListener('result', (e) => {
      options.onOutbox?.((e as CustomEvent<OutboxEvent>).detail);
      host.requestUpdate();
    });
    host.addController(this);
  }

  /** Keeps a command in the outbox, made by the person logged in; nothing while nobody is. */
  async enqueue(kind: OutboxEntry['kind'], path: string, order: string, body: { commandId: string; [field: string]: unknown }) {
    const token = this.auth.session?.token;
    if (token) await this.outbox.enqueue({ kind, path, order, body, commandId: body.commandId, token });
  }

  hostConnected(): void {
    void this.boot();
  }

  hostUpdated(): void {
    if (this.ready && (!this.auth.session || (this.options.loaded?.() ?? true))) markUsefulPaint();
  }

  /** The outbox is read before the session is picked up: the first draw shows what still waits, and the first resync sends it. */
  private async boot(): Promise<void> {
    if (this.options.outbox) await this.outbox.open();
    this.auth.restore();
    void this.outbox.flush();
    this.ready = true;
    this.host.requestUpdate();
  }
}
