import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Api, ApiError, NetworkError, request } from './api.js';
import { Connection } from './connection.js';
import type { LiveController } from './controllers.js';
import { t } from './i18n.js';
import { forgetSession, loadSession, login, type Session } from './session.js';

/**
 * Who is logged in on this terminal, and the page's connection that goes with them: PIN login,
 * a session kept across reloads, lock or logout, and a return to the PIN pad when the server
 * no longer accepts the token.
 */
export class SessionController implements ReactiveController {
  session: Session | null = null;
  /** The last login refusal, in words for the person at the pad. */
  error = '';
  busy = false;
  connection: Connection | null = null;
  readonly api = new Api(() => this.session?.token ?? null);

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly terminalId: string,
    private readonly live: LiveController,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.connection?.close();
    this.connection = null;
  }

  /** Picks up the session kept from an earlier visit, if any. */
  restore(): void {
    const session = loadSession(this.terminalId);
    if (session) this.start(session);
  }

  async login(pin: string): Promise<void> {
    this.busy = true;
    this.error = '';
    this.host.requestUpdate();
    try {
      this.start(await login(this.terminalId, pin));
    } catch (error) {
      this.error =
        error instanceof ApiError ? (error.type === 'INVALID_PIN' ? t('pinWrong') : error.message) : t('offlineBannerNone');
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  /** Ends the session on the server too (POST /api/auth/lock): its token is refused from now on, everywhere. */
  lock(): void {
    const token = this.session?.token;
    this.logout();
    if (token) request('POST', '/api/auth/lock', token, {}).catch(() => undefined);
  }

  /** Back to the PIN pad; commands already in the outbox keep their own tokens and still go out. */
  logout(): void {
    forgetSession(this.terminalId);
    this.live.use(null);
    this.connection?.close();
    this.connection = null;
    this.session = null;
    this.host.requestUpdate();
  }

  /** What to do with a failed read: an expired token logs out; a network failure waits for the reconnect. */
  failed = (error: unknown): void => {
    if (error instanceof ApiError && error.status === 401) this.logout();
    else if (!(error instanceof NetworkError)) console.warn(error);
  };

  private start(session: Session): void {
    this.session = session;
    this.connection?.close();
    this.connection = new Connection(session.token, this.terminalId);
    this.connection.addEventListener('unauthorized', () => this.logout());
    this.live.use(this.connection);
    this.host.requestUpdate();
  }
}
