import type { Api } from './api.js';
import type { Order } from './contract.js';
import { Coalesced, VersionedMap } from './versions.js';

/**
 * The orders a screen shows: the list over HTTP (on connect and reconnect), then every order
 * message on top; a version gap in one order re-reads that order. No DOM: the cluster tests drive
 * the same code in Node.
 */
export class OrderFeed {
  readonly orders = new VersionedMap<Order>();
  /** True once the list has been read from the server. */
  loaded = false;

  constructor(
    private readonly api: Pick<Api, 'get'>,
    /** The query of GET /api/orders, e.g. `?status=OPEN`. */
    private readonly query: () => string,
    private readonly changed: () => void,
    private readonly failed: (error: unknown) => void,
  ) {}

  readonly refetch = new Coalesced(async () => {
    this.orders.beginFetch();
    try {
      const { orders } = await this.api.get<{ orders: Order[] }>(`/api/orders${this.query()}`);
      this.orders.endFetch(orders);
    } catch (error) {
      this.orders.abortFetch();
      throw error;
    }
    this.loaded = true;
    this.changed();
  });

  resync(): void {
    this.refetch.request().catch(this.failed);
  }

  apply(view: Order): void {
    if (this.orders.apply(view) === 'gap') {
      this.api
        .get<Order>(`/api/orders/${view.id}`)
        .then((o) => {
          this.orders.apply(o);
          this.changed();
        })
        .catch(this.failed);
    }
    this.changed();
  }
}
