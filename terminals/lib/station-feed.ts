import type { Api } from './api.js';
import type { Ticket } from './contract.js';
import { Coalesced, StreamMap, type Applied } from './versions.js';

/**
 * A station's tickets as a kitchen screen holds them: the open ones over HTTP (on connect, on a
 * resync), then every ticket message on top; a gap in the station's versions re-reads the list.
 * No DOM: the cluster tests drive the same code in Node.
 */
export class StationFeed {
  readonly tickets = new StreamMap<Ticket>();
  /** True once the list has been read from the server. */
  loaded = false;

  constructor(
    private readonly api: Pick<Api, 'get'>,
    readonly stationId: string,
    private readonly changed: () => void,
    private readonly failed: (error: unknown) => void,
  ) {}

  /** The station's open tickets over HTTP, merged with what the socket brought meanwhile. */
  readonly refetch = new Coalesced(async () => {
    this.tickets.beginFetch();
    try {
      const answer = await this.api.get<{ tickets: Ticket[]; version?: number }>(`/api/stations/${this.stationId}/tickets`);
      this.tickets.endFetchAt(answer.tickets, answer.version);
    } catch (error) {
      this.tickets.abortFetch();
      throw error;
    }
    this.loaded = true;
    this.changed();
  });

  resync(): void {
    this.refetch.request().catch(this.failed);
  }

  /** A ticket message; one of another station is not this feed's ('stale'). */
  apply(view: Ticket): Applied {
    if (view.stationId !== this.stationId) return 'stale';
    const applied = this.tickets.apply(view);
    if (applied === 'gap') this.resync();
    return applied;
  }
}
