import type { KindModule } from '../../shared/runtime/registry.js';
import { auditService } from './audit.service.js';
import { auditRoutes } from './audit.routes.js';

/** The audit log: every write, login, lock and session end, hash-chained in commit order. */
export const audit: KindModule = { name: 'audit', routes: auditRoutes, service: auditService };
