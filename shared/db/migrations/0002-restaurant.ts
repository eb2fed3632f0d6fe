import type { Migration } from '../migrate.js';

export const up: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    CREATE TABLE users (
      id       text PRIMARY KEY,
      name     text NOT NULL,
      role     text NOT NULL,
      pin_hash text NOT NULL
    );
    CREATE TABLE terminals (
      id           text PRIMARY KEY,
      kind         text NOT NULL,
      paired_with  text REFERENCES terminals (id),
      online       boolean NOT NULL DEFAULT false,
      user_id      text REFERENCES users (id),
      last_seen_at timestamptz
    );
    -- How many sockets each gateway holds for a terminal: online is any of them, across gateways.
    CREATE TABLE terminal_sockets (
      terminal_id text NOT NULL REFERENCES terminals (id),
      gateway_id  text NOT NULL,
      sockets     integer NOT NULL CHECK (sockets > 0),
      PRIMARY KEY (terminal_id, gateway_id)
    );
    CREATE TABLE stations (
      id       text PRIMARY KEY,
      name     text NOT NULL,
      capacity integer NOT NULL
    );
    CREATE TABLE dining_tables (
      number integer PRIMARY KEY
    );
    CREATE TABLE products (
      id           text PRIMARY KEY,
      name         text NOT NULL,
      category     text NOT NULL,
      price_cents  integer NOT NULL CHECK (price_cents >= 0),
      station      text NOT NULL REFERENCES stations (id),
      prep_seconds integer NOT NULL CHECK (prep_seconds >= 0),
      position     integer NOT NULL
    );
  `);
};

export const down: Migration = async ({ context: sequelize }) => {
  await sequelize.query('DROP TABLE products, dining_tables, stations, terminal_sockets, terminals, users;');
};
