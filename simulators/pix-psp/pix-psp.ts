/**
 * A simulated PIX PSP (the restaurant's bank): once a payer has paid a charge it tells Comanda with a webhook
 * `{ txid, amountCents, paidAt }`, signed with HMAC-SHA256 of the raw body under the shared secret (hex, in
 * `x-signature`), and sends it again until it gets a 2xx, as PSPs do. A fake of the outside world: it signs with its
 * own code, not the runtime's, so a test of the two together checks that they agree.
 */
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';

export interface PixPspOptions {
  /** Where Comanda takes PIX webhooks, e.g. http://127.0.0.1:3000/api/webhooks/pix. */
  webhookUrl: string;
  /** The secret shared with Comanda; null: the webhooks go unsigned. */
  secret: string | null;
  /** How long after a charge is shown its payer pays it: 3 s, as in the demo. */
  delayMs?: number;
  /** How many times a webhook is sent before the PSP gives up on it. */
  attempts?: number;
  /** The wait before the second sending; it doubles before each one after. */
  retryMs?: number;
  logger?: Logger;
}

export interface WebhookDelivery {
  delivered: boolean;
  /** How many times it was sent. */
  attempts: number;
}

export interface PixPsp {
  /** The payer pays the charge after the delay; settles once its webhook got a 2xx, or was given up (never rejects). */
  confirm: (charge: { txid: string; amountCents: number }) => Promise<WebhookDelivery>;
  /** Drops every payment and webhook still to come. */
  close: () => void;
}

/** Long enough for a node under load, short enough that a webhook never waits on a dead one for long. */
const SEND_TIMEOUT_MS = 5000;

export function startPixPsp({ webhookUrl, secret, delayMs = 3000, attempts = 5, retryMs = 1000, logger }: PixPspOptions): PixPsp {
  const closed = new AbortController();

  /** Why the webhook was not taken, or null once it was. */
  async function send(body: string): Promise<string | null> {
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secret !== null && { 'x-signature': createHmac('sha256', secret).update(body).digest('hex') }),
      },
      body,
      signal: AbortSignal.any([closed.signal, AbortSignal.timeout(SEND_TIMEOUT_MS)]),
    });
    await res.arrayBuffer();
    return res.ok ? null : `HTTP ${res.status}`;
  }

  async function confirm({ txid, amountCents }: { txid: string; amountCents: number }): Promise<WebhookDelivery> {
    let sent = 0;
    try {
      await sleep(delayMs, undefined, { signal: closed.signal });
      // Paid once: every sending carries the same body, and so the same signature.
      const body = JSON.stringify({ txid, amountCents, paidAt: new Date().toISOString() });
      while (sent < attempts) {
        if (sent > 0) await sleep(retryMs * 2 ** (sent - 1), undefined, { signal: closed.signal });
        sent += 1;
        const refused = await send(body).catch((error: unknown) => {
          if (closed.signal.aborted) throw error;
          return error instanceof Error ? error.message : String(error);
        });
        if (refused === null) return { delivered: true, attempts: sent };
        logger?.warn({ txid, attempt: sent, why: refused }, 'PIX webhook not delivered');
      }
      logger?.error({ txid, attempts: sent }, 'PIX webhook given up');
    } catch (error) {
      if (!closed.signal.aborted) throw error;
    }
    return { delivered: false, attempts: sent };
  }

  return {
    confirm,
    close: () => closed.abort(),
  };
}
