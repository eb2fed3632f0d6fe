/** One entry of the audit log, as `GET /api/audit` answers it (the contract's Audit section). */
export interface AuditEntry {
  seq: number;
  at: string;
  type: string;
  stream: string | null;
  userId: string | null;
  approvedBy?: string;
  terminalId: string | null;
  data: unknown;
  hash: string;
}
