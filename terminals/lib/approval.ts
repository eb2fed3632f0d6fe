/**
 * Commands sent online, at once: those a manager approves on this tablet (the PIN is never stored: it lives only in
 * the dialog while it is open) and payments. No DOM: unit-tested in Node.
 */
import { ApiError, NetworkError } from './api.js';
import { uuid } from './ids.js';

export interface Approval {
  pin: string;
}

/** What the approval dialog does after an attempt failed. */
export type ApprovalVerdict =
  /** The PIN is wrong or not a manager's: say so, and let the manager try again. */
  | 'refused'
  /** Too many wrong PINs on this terminal: say until when (the server's message), and let them try later. */
  | 'locked'
  /** No answer: the approval needs the connection; the same command may be sent again. */
  | 'offline'
  /** Any other refusal: the command itself was refused; the dialog closes and says why. */
  | 'failed';

export function approvalVerdict(error: unknown): ApprovalVerdict {
  if (outcomeUnknown(error)) return 'offline';
  if (error instanceof ApiError && error.type === 'APPROVAL_REFUSED') return 'refused';
  if (error instanceof ApiError && error.type === 'PIN_LOCKED') return 'locked';
  return 'failed';
}

/**
 * Whether a command that failed may have been done all the same: no answer came, or the server failed (a 5xx, a
 * card acquirer down) rather than refused. Sent again, it must carry the same commandId, so it is never done twice.
 */
export const outcomeUnknown = (error: unknown) =>
  error instanceof NetworkError || (error instanceof ApiError && error.status >= 500);

/**
 * A command sent online, at once, never kept in the outbox: one that carries a manager's PIN, or takes a payment,
 * which the guest waits for. Its commandId stays while its outcome is unknown (a retry must not do it, or charge a
 * card, twice) and is made anew after an answer, which settled it.
 */
export class OnlineCommand<Extra extends object = object> {
  private commandId = uuid();

  constructor(private readonly send: (body: { commandId: string } & Extra) => Promise<unknown>) {}

  async run(extra: Extra): Promise<unknown> {
    try {
      const answer = await this.send({ commandId: this.commandId, ...extra });
      this.commandId = uuid();
      return answer;
    } catch (error) {
      if (!outcomeUnknown(error)) this.commandId = uuid();
      throw error;
    }
  }
}

/** One command waiting for a manager's PIN. */
export class ApprovedCommand {
  private readonly command: OnlineCommand<{ approval: Approval }>;

  constructor(
    /** What the dialog asks approval for, in the person's words. */
    readonly title: string,
    send: (body: { commandId: string; approval: Approval }) => Promise<unknown>,
  ) {
    this.command = new OnlineCommand<{ approval: Approval }>(send);
  }

  approve(pin: string): Promise<unknown> {
    return this.command.run({ approval: { pin } });
  }
}
