import type { Logger } from 'pino';
import type { ProductView } from '../../shared/contract/index.js';

/** A copy this old is read again in the background, still answering meanwhile: what a lost `menu.changed` costs. */
export const MENU_REFRESH_MS = 60_000;

/**
 * The orders service's own copy of the menu, so ringing an item asks no other node and does not
 * wait when the menu's node dies. It is read on first use and every MENU_REFRESH_MS after, and each
 * `menu.changed` puts its product in at once.
 *
 * It may be a moment stale: the menu answers a change once it has broadcast it, but a node across
 * the transporter hears it a hop later, and an item rung there in between gets the old price or
 * availability, as if it had been rung just before the change. A broadcast lost (NATS delivers at
 * most once) or two changes of one product heard out of order are put right by the next read.
 */
export class MenuCopy {
  private products: Map<string, ProductView> | null = null;
  private readAt = 0;
  private reading: Promise<Map<string, ProductView>> | null = null;
  /** Changes heard while a read is in flight: the rows it got may be older than them. */
  private heard: ProductView[] = [];

  constructor(
    private readonly read: () => Promise<ProductView[]>,
    private readonly clock: () => Date,
    private readonly logger: Logger,
  ) {}

  /** The menu by product id; null when there is no copy yet and the menu cannot be read. */
  async get(): Promise<ReadonlyMap<string, ProductView> | null> {
    if (!this.products) {
      return this.reload().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'could not read the menu; asking it per item');
        return null;
      });
    }
    if (this.clock().getTime() - this.readAt > MENU_REFRESH_MS) {
      this.reload().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'could not read the menu again; keeping the copy'),
      );
    }
    return this.products;
  }

  /** A manager changed this product. */
  changed(product: ProductView): void {
    this.products?.set(product.id, product);
    if (this.reading) this.heard.push(product);
  }

  /** One read at a time; what was heard during it goes on top. */
  private reload(): Promise<Map<string, ProductView>> {
    this.reading ??= this.read()
      .then((rows) => {
        const products = new Map(rows.map((p) => [p.id, p]));
        for (const p of this.heard) products.set(p.id, p);
        this.products = products;
        this.readAt = this.clock().getTime();
        return products;
      })
      .finally(() => {
        this.reading = null;
        this.heard = [];
      });
    return this.reading;
  }
}
