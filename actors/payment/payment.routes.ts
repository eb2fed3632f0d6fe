import { ref, object } from '../../shared/contract/schema.js';
import type { Route } from '../../shared/contract/routes.js';

/** Payments' HTTP routes: taking one on a check, refunding it, and the PSP's webhook. */
export const paymentRoutes: Route[] = [
  {
    method: 'POST',
    path: '/orders/:orderId/payments',
    action: 'payments.take',
    auth: true,
    status: 201,
    summary:
      "Take a payment on the check: CASH into the terminal's drawer, CARD charged through the acquirers (PENDING while its outcome is unknown), PIX PENDING with its BR Code until the PSP confirms it",
    answer: ref('Order'),
  },
  {
    method: 'POST',
    path: '/orders/:orderId/payments/:paymentId/refund',
    action: 'payments.refund',
    auth: true,
    summary: "Give a payment back the way it came (cash from the caller's drawer, a card through its acquirer)",
    answer: ref('Order'),
  },
  {
    method: 'POST',
    path: '/webhooks/pix',
    action: 'payments.pixWebhook',
    auth: false,
    rawBody: true,
    summary:
      'The PSP says a PIX was paid: signed with HMAC-SHA256 of the raw body under PIX_WEBHOOK_SECRET, in hex, in x-signature',
    answer: object({ ok: { type: 'boolean' } }),
  },
];
