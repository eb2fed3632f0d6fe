import type { Migration } from '../migrate.js';

/**
 * The print queue: what each printer has to print, in order, kept across restarts. A job's id names what it
 * prints (`chit:<ticketId>`), so asking twice queues it once; `seq` is the order it prints in. A job is
 * PRINTING while a driver holds it (`claimed_by` until `claimed_until`), PRINTED once its bytes drained and the
 * printer's status after them was good, MOVED when its printer failed over to the backup (`moved_to`, where a
 * copy of it waits under the id `<id>><backup>`).
 */
export const up: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    CREATE TABLE print_jobs (
      id            text PRIMARY KEY,
      seq           bigserial NOT NULL,
      device_id     text NOT NULL,
      kind          text NOT NULL CHECK (kind IN ('RECEIPT', 'CHIT', 'REPORT', 'DRAWER_KICK')),
      document      jsonb NOT NULL,
      status        text NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED', 'PRINTING', 'PRINTED', 'MOVED')),
      attempts      integer NOT NULL DEFAULT 0,
      next_at       timestamptz NOT NULL DEFAULT now(),
      claimed_by    text,
      claimed_until timestamptz,
      moved_to      text,
      printed_at    timestamptz,
      created_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX print_jobs_waiting ON print_jobs (device_id, seq) WHERE status IN ('QUEUED', 'PRINTING');
  `);
};

export const down: Migration = async ({ context: sequelize }) => {
  await sequelize.query('DROP TABLE print_jobs');
};
