/**
 * The check's commands as the pay screen sends them: online, at once, one at a time. A payment is never kept in
 * the outbox to go out later: the guest waits for its answer, and a card is charged only while the acquirer can
 * say yes or no. The same command tapped again after no answer (or the acquirers down) goes with the same
 * commandId, so it is never taken twice; another command gets its own. No DOM: unit-tested in Node.
 */
import { OnlineCommand } from '../lib/approval.js';

export class Checkout {
  /** A command is on its way. */
  busy = false;
  /** Why the last command failed, or null. */
  error: unknown = null;
  private attempt: { key: string; command: OnlineCommand<Record<string, unknown>> } | null = null;

  constructor(
    private readonly post: (path: string, body: Record<string, unknown>) => Promise<unknown>,
    private readonly changed: () => void,
  ) {}

  /** Sends a command (its body without a commandId); its answer, or undefined when it failed (see `error`). */
  async send(path: string, body: Record<string, unknown>): Promise<unknown> {
    if (this.busy) return undefined;
    const key = JSON.stringify([path, body]);
    if (this.attempt?.key !== key) this.attempt = { key, command: new OnlineCommand((signed) => this.post(path, signed)) };
    this.busy = true;
    this.error = null;
    this.changed();
    try {
      return await this.attempt.command.run(body);
    } catch (error) {
      this.error = error;
      return undefined;
    } finally {
      this.busy = false;
      this.changed();
    }
  }

  /** The waiter moved on (another check, another tender): the last refusal no longer applies. */
  clear(): void {
    this.error = null;
    this.changed();
  }
}
