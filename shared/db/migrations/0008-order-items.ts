import type { Migration } from '../migrate.js';

/**
 * An order's view was one row rewritten whole by every command, so ringing the 200th item cost Postgres
 * twenty times what the 10th did. Its items now have rows of their own (`order-item`: `{ orderId, seq, item }`)
 * and the `order` row keeps the rest: a command writes the header and the items it changed. `order_view_rows`
 * puts an order's view together for reads, and `view_rows` is every view as screens get it, for the relay.
 */
export const up: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    CREATE INDEX views_order_items ON views ((data->>'orderId')) WHERE kind = 'order-item';
    INSERT INTO views (kind, id, version, data)
      SELECT 'order-item', o.id || '/' || (e.item->>'id'), o.version,
             jsonb_build_object('orderId', o.id, 'seq', e.seq - 1, 'item', e.item)
        FROM views o, jsonb_array_elements(o.data->'items') WITH ORDINALITY AS e(item, seq)
       WHERE o.kind = 'order';
    UPDATE views SET data = data - 'items' WHERE kind = 'order';
    CREATE VIEW order_view_rows AS
      SELECT o.id, o.version, o.data AS header,
             o.data || jsonb_build_object('items', coalesce(
               (SELECT jsonb_agg(i.data->'item' ORDER BY (i.data->>'seq')::int)
                  FROM views i WHERE i.kind = 'order-item' AND i.data->>'orderId' = o.id), '[]'::jsonb)) AS data
        FROM views o WHERE o.kind = 'order';
    CREATE VIEW view_rows AS
      SELECT kind, id, version, data FROM views WHERE kind NOT IN ('order', 'order-item')
      UNION ALL SELECT 'order', id, version, data FROM order_view_rows;
  `);
};

export const down: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    DROP VIEW view_rows, order_view_rows;
    UPDATE views o SET data = o.data || jsonb_build_object('items', coalesce(
      (SELECT jsonb_agg(i.data->'item' ORDER BY (i.data->>'seq')::int) FROM views i
        WHERE i.kind = 'order-item' AND i.data->>'orderId' = o.id), '[]'::jsonb))
     WHERE o.kind = 'order';
    DELETE FROM views WHERE kind = 'order-item';
    DROP INDEX views_order_items;
  `);
};
