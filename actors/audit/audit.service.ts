import type { Context, ServiceSchema } from 'moleculer';
import { auditEntries, verifyAudit } from '../../shared/runtime/audit-chain.js';
import type { RuntimeDeps } from '../../shared/runtime/deps.js';

const seq = { type: 'number', integer: true, min: 1, convert: true, optional: true } as const;

/** The audit log for managers: its entries, filtered, and a walk of its hash chain. */
export function auditService({ sequelize, audit }: RuntimeDeps): ServiceSchema {
  return {
    name: 'audit',
    actions: {
      entries: {
        roles: ['MANAGER'],
        params: {
          from: seq,
          to: seq,
          userId: { type: 'string', min: 1, max: 40, optional: true },
          type: { type: 'string', min: 1, max: 60, optional: true },
          limit: { type: 'number', integer: true, min: 1, max: 10_000, convert: true, optional: true },
          // The manager's screen reads the newest first.
          order: { type: 'enum', values: ['asc', 'desc'], optional: true },
        },
        async handler(
          ctx: Context<{ from?: number; to?: number; userId?: string; type?: string; limit?: number; order?: 'asc' | 'desc' }>,
        ) {
          // What was committed before this read is in the answer: the chain is taken up to it first.
          await audit.settled();
          return {
            entries: await auditEntries(sequelize, {
              ...ctx.params,
              limit: ctx.params.limit ?? 100,
              order: ctx.params.order ?? 'asc',
            }),
          };
        },
      },
      verify: {
        roles: ['MANAGER'],
        async handler() {
          await audit.settled();
          return verifyAudit(sequelize);
        },
      },
    },
  };
}
