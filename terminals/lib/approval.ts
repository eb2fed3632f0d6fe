/**
 * A command a manager approves on this tablet. Its PIN is never stored: the command is sent online, at once, and
 * the PIN lives only in the dialog while it is open. No DOM: unit-tested in Node.
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
  if (error instanceof NetworkError) return 'offline';
  if (error instanceof ApiError && error.type === 'APPROVAL_REFUSED') return 'refused';
  if (error instanceof ApiError && error.type === 'PIN_LOCKED') return 'locked';
  // A 5xx is the server failing, not refusing: like no answer, it may be sent again.
  if (error instanceof ApiError && error.status >= 500) return 'offline';
  return 'failed';
}

/**
 * One command waiting for a manager's PIN. Its commandId stays while the outcome is unknown (no answer: a retry
 * must not do it twice) and is made anew after a refusal, which did nothing.
 */
export class ApprovedCommand {
  private commandId = uuid();

  constructor(
    /** What the dialog asks approval for, in the person's words. */
    readonly title: string,
    private readonly send: (body: { commandId: string; approval: Approval }) => Promise<unknown>,
  ) {}

  async approve(pin: string): Promise<unknown> {
    try {
      return await this.send({ commandId: this.commandId, approval: { pin } });
    } catch (error) {
      if (approvalVerdict(error) !== 'offline') this.commandId = uuid();
      throw error;
    }
  }
}
