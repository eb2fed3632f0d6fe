import { QueryTypes } from 'sequelize';
import { DEMO_MENU } from '../../../actors/menu/menu.data.js';
import { hashPin } from '../../auth/pin.js';
import type { Migration } from '../migrate.js';

const USERS = [
  { id: 'maria', name: 'Maria', role: 'MANAGER', pin: '1234' },
  { id: 'wagner', name: 'Wagner', role: 'WAITER', pin: '1111' },
  { id: 'carla', name: 'Carla', role: 'CASHIER', pin: '2222' },
  { id: 'kleber', name: 'Kleber', role: 'KITCHEN', pin: '3333' },
];
const TERMINALS: [id: string, kind: string, pairedWith: string | null][] = [
  ['pos-1', 'POS', null],
  ['pos-2', 'POS', null],
  ['kds-grill', 'KDS', null],
  ['kds-fryer', 'KDS', null],
  ['kds-cold', 'KDS', null],
  ['kds-bar', 'KDS', null],
  ['cd-1', 'CUSTOMER', 'pos-1'],
  ['mgr-1', 'MANAGER', null],
];
const STATIONS = [
  { id: 'grill', name: 'Grelha', capacity: 8 },
  { id: 'fryer', name: 'Fritura', capacity: 6 },
  { id: 'cold', name: 'Cozinha fria', capacity: 6 },
  { id: 'bar', name: 'Bar', capacity: 10 },
];

/** The demo restaurant, created once on an empty database. */
export const up: Migration = async ({ context: sequelize }) => {
  const insert = (sql: string, bind: unknown[]) => sequelize.query(sql, { bind, type: QueryTypes.INSERT });
  for (const u of USERS) {
    await insert('INSERT INTO users (id, name, role, pin_hash) VALUES ($1, $2, $3, $4)', [
      u.id,
      u.name,
      u.role,
      await hashPin(u.pin),
    ]);
  }
  for (const [id, kind, pairedWith] of TERMINALS) {
    await insert('INSERT INTO terminals (id, kind, paired_with) VALUES ($1, $2, $3)', [id, kind, pairedWith]);
  }
  for (const s of STATIONS)
    await insert('INSERT INTO stations (id, name, capacity) VALUES ($1, $2, $3)', [s.id, s.name, s.capacity]);
  await sequelize.query('INSERT INTO dining_tables (number) SELECT generate_series(1, 12)');
  for (const [position, p] of DEMO_MENU.entries()) {
    await insert(
      'INSERT INTO products (id, name, category, price_cents, station, prep_seconds, position) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [p.id, p.name, p.category, p.priceCents, p.station, p.prepSeconds, position],
    );
  }
};

export const down: Migration = async ({ context: sequelize }) => {
  await sequelize.query('TRUNCATE products, dining_tables, stations, terminals, users CASCADE');
};
