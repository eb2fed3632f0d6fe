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
    /** The queries of GET /api/orders, e.g. `['?status=OPEN']`: the orders of all of them are shown. */
    private readonly queries: () => string[],
    private readonly changed: () => void,
    private readonly failed: (error: unknown) => void,
  ) {}

  readonly refetch = new Coalesced(async () => {
    this.orders.beginFetch();
    try {
      const lists = await Promise.all(this.queries().map((q) => this.api.get<{ orders: Order[] }>(`/api/orders${q}`)));
      this.orders.endFetch(lists.flatMap((l) => l.orders));
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
