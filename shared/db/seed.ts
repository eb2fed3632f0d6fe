import { QueryTypes, type Sequelize } from 'sequelize';
import type { ProductView } from '../contract/index.js';
import { hashPin } from '../auth/pin.js';

const USERS = [
  { id: 'maria', name: 'Maria', role: 'MANAGER', pin: '1234' },
  { id: 'wagner', name: 'Wagner', role: 'WAITER', pin: '1111' },
  { id: 'carla', name: 'Carla', role: 'CASHIER', pin: '2222' },
  { id: 'kleber', name: 'Kleber', role: 'KITCHEN', pin: '3333' },
];
const STATIONS = [
  { id: 'grill', name: 'Grelha', capacity: 8 },
  { id: 'fryer', name: 'Fritura', capacity: 6 },
  { id: 'cold', name: 'Cozinha fria', capacity: 6 },
  { id: 'bar', name: 'Bar', capacity: 10 },
];
/** Each kitchen screen serves its station; the customer display shows pos-1's orders. */
const TERMINALS: { id: string; kind: string; pairedWith?: string; station?: string }[] = [
  { id: 'pos-1', kind: 'POS' },
  { id: 'pos-2', kind: 'POS' },
  { id: 'kds-grill', kind: 'KDS', station: 'grill' },
  { id: 'kds-fryer', kind: 'KDS', station: 'fryer' },
  { id: 'kds-cold', kind: 'KDS', station: 'cold' },
  { id: 'kds-bar', kind: 'KDS', station: 'bar' },
  { id: 'cd-1', kind: 'CUSTOMER', pairedWith: 'pos-1' },
  { id: 'mgr-1', kind: 'MANAGER' },
];
/** A cash drawer at each POS. */
const DRAWERS = [
  { id: 'drawer-1', terminalId: 'pos-1' },
  { id: 'drawer-2', terminalId: 'pos-2' },
];

/**
 * The demo restaurant, written once into an empty database (no user, no terminal), in one transaction under
 * a lock so two nodes starting together write it once. Not a migration: a restaurant's own database never
 * gets the demo's well-known PINs. Answers whether it wrote anything.
 */
export async function seedDemoData(sequelize: Sequelize, menu: Omit<ProductView, 'available'>[]): Promise<boolean> {
  return sequelize.transaction(async (transaction) => {
    await sequelize.query('SELECT pg_advisory_xact_lock(7270002)', { transaction });
    const [{ empty }] = (await sequelize.query(
      'SELECT NOT EXISTS (SELECT 1 FROM users) AND NOT EXISTS (SELECT 1 FROM terminals) AS empty',
      { type: QueryTypes.SELECT, transaction },
    )) as [{ empty: boolean }];
    if (!empty) return false;
    const insert = (sql: string, bind: unknown[]) => sequelize.query(sql, { bind, type: QueryTypes.INSERT, transaction });
    for (const u of USERS) {
      await insert('INSERT INTO users (id, name, role, pin_hash) VALUES ($1, $2, $3, $4)', [
        u.id,
        u.name,
        u.role,
        await hashPin(u.pin),
      ]);
    }
    for (const s of STATIONS) {
      await insert('INSERT INTO stations (id, name, capacity) VALUES ($1, $2, $3)', [s.id, s.name, s.capacity]);
    }
    for (const t of TERMINALS) {
      await insert('INSERT INTO terminals (id, kind, paired_with, station) VALUES ($1, $2, $3, $4)', [
        t.id,
        t.kind,
        t.pairedWith ?? null,
        t.station ?? null,
      ]);
    }
    for (const d of DRAWERS) {
      await insert('INSERT INTO drawers (id, terminal_id) VALUES ($1, $2)', [d.id, d.terminalId]);
    }
    await sequelize.query('INSERT INTO dining_tables (number) SELECT generate_series(1, 12)', { transaction });
    for (const [position, p] of menu.entries()) {
      await insert(
        `INSERT INTO products (id, name, category, price_cents, station, prep_seconds, position, sold_by, price_per_kg_cents)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [p.id, p.name, p.category, p.priceCents, p.station, p.prepSeconds, position, p.soldBy ?? null, p.pricePerKgCents ?? null],
      );
    }
    return true;
  });
}
