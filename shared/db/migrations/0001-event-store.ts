import type { Migration } from '../migrate.js';

export const up: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    CREATE TABLE events (
      position    bigserial PRIMARY KEY,
      stream_id   text NOT NULL,
      stream_type text NOT NULL,
      version     integer NOT NULL,
      type        text NOT NULL,
      data        jsonb NOT NULL,
      command_id  text NOT NULL,
      user_id     text,
      terminal_id text,
      at          timestamptz NOT NULL,
      CONSTRAINT events_stream_version UNIQUE (stream_id, version)
    );
    -- The answer to every accepted command, so a repeated command gets it again and writes nothing.
    CREATE TABLE commands (
      command_id   text PRIMARY KEY,
      stream_id    text NOT NULL,
      request_hash text NOT NULL,
      response     jsonb NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE snapshots (
      stream_id   text PRIMARY KEY,
      stream_type text NOT NULL,
      version     integer NOT NULL,
      state       jsonb NOT NULL
    );
    -- Written with the events, deleted once delivered: what a crash must not lose.
    CREATE TABLE outbox (
      id         uuid PRIMARY KEY,
      seq        bigserial NOT NULL,
      kind       text NOT NULL CHECK (kind IN ('broadcast', 'call')),
      name       text NOT NULL,
      payload    jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      -- A relay delivering this entry holds it until then; a relay that died lets it go.
      claimed_until timestamptz
    );
    CREATE INDEX outbox_seq ON outbox (seq);
    -- Read models (order and ticket views), projected from the events in the same transaction.
    CREATE TABLE views (
      kind    text NOT NULL,
      id      text NOT NULL,
      version integer NOT NULL,
      data    jsonb NOT NULL,
      PRIMARY KEY (kind, id)
    );
    CREATE INDEX views_orders ON views ((data->>'status'), (data->>'terminalId')) WHERE kind = 'order';
    CREATE INDEX views_tickets ON views ((data->>'stationId'), (data->>'status')) WHERE kind = 'ticket';
    CREATE SEQUENCE order_number_seq;
  `);
};

export const down: Migration = async ({ context: sequelize }) => {
  await sequelize.query('DROP TABLE events, commands, snapshots, outbox, views; DROP SEQUENCE order_number_seq;');
};
