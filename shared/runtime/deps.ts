import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Sequelize } from 'sequelize';
import type { EventStore } from '../db/event-store.js';
import type { Models } from '../db/models.js';
import type { AcquirerClient } from '../payments/acquirer-client.js';
import type { Metrics } from '../metrics.js';
import type { AuditChain } from './audit-chain.js';
import type { Outbox } from './outbox.js';
import type { Projector } from './projector.js';

/** What the composition root hands every service: no service opens a connection or reads the environment. */
export interface RuntimeDeps {
  sequelize: Sequelize;
  models: Models;
  store: EventStore;
  outbox: Outbox;
  /** Folds the log into the read models that span actors; nudged after each commit. */
  projector: Projector;
  /** Numbers and hash-chains what was audited, in commit order. */
  audit: AuditChain;
  metrics: Metrics;
  logger: Logger;
  clock: () => Date;
  settings: Settings;
  /** Shared state between nodes (PIN lockouts); null on a single node without REDIS_URL. */
  redis: Redis | null;
  payments: PaymentPorts;
}

/** The outside world of payments, as the composition root connects it: the acquirers and the PIX PSP. */
export interface PaymentPorts {
  acquirers: AcquirerClient;
  /** The restaurant's Pix key and the name and city its BR Codes show. */
  pix: { key: string; merchantName: string; merchantCity: string };
  /** The secret the PSP signs its webhooks with (PIX_WEBHOOK_SECRET, or the demo PSP's own). */
  pixWebhookSecret: string;
  /** Tells the PSP a PIX charge is shown to its payer; the demo's simulated PSP pays it a moment later. */
  pixCharged: (charge: { txid: string; amountCents: number }) => void;
}

/** What the restaurant configures, as screens see it at GET /api/settings. */
export interface Settings {
  currency: string;
  locale: string;
  /** How long a ticket may wait for a kitchen screen to draw it before the POS raises an alarm. */
  ackTimeoutSeconds: number;
  /** SERVICE_CHARGE_PERCENT: each order opened keeps the value it was opened with. */
  serviceChargePercent: number;
  /** Prefix of this restaurant's Redis keys. */
  redisPrefix: string;
  /** The demo restaurant: its first start opens day 1 for today. */
  demoData: boolean;
  /** A pay-out over this needs a manager's approval. */
  payoutLimitCents: number;
  /** Cash above this in a drawer raises DROP_NEEDED until a drop brings it under. */
  drawerMaxCents: number;
  /** A terminal goes offline this long after its last socket left. */
  terminalGraceSeconds: number;
  /** A printer unusable this long with jobs waiting moves them to its backup printer. */
  printerFailoverSeconds: number;
  /** A refund over this needs a manager's approval. */
  refundLimitCents: number;
  /** A cash drawer its printer senses open this long raises an alert on the manager's screen. */
  drawerLeftOpenSeconds: number;
  /** The name at the head of every receipt and report. */
  restaurantName: string;
}

/** Who is acting, as the gateway puts it in `ctx.meta`. */
export interface CallerMeta {
  user?: { id: string; role: string; terminalId: string | null };
}
