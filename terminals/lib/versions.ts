/**
 * Version bookkeeping for what a screen shows. Every view carries its version and versions only
 * grow: an older or equal version is dropped; a jump past the next one is a gap, and the caller
 * re-fetches over HTTP. Views are whole, so the newest one of an entity is always right to show.
 */

export interface Versioned {
  id: string;
  version: number;
}

/** What apply() did with a view. */
export type Applied = 'applied' | 'stale' | 'gap';

/** The newest view of each entity, with one version sequence per entity (orders). */
export class VersionedMap<V extends Versioned> {
  protected items = new Map<string, V>();
  /** Views that arrived while a list was being fetched: the list may be older than they are. */
  private arrivedDuringFetch: Map<string, V> | null = null;

  get(id: string): V | undefined {
    return this.items.get(id);
  }

  values(): V[] {
    return [...this.items.values()];
  }

  apply(view: V): Applied {
    if (this.arrivedDuringFetch) {
      const seen = this.arrivedDuringFetch.get(view.id);
      if (!seen || seen.version < view.version) this.arrivedDuringFetch.set(view.id, view);
    }
    const known = this.items.get(view.id);
    if (known && view.version <= known.version) return 'stale';
    this.items.set(view.id, view);
    return known && view.version > known.version + 1 ? 'gap' : 'applied';
  }

  /** Call before asking the server for the whole list. */
  beginFetch(): void {
    this.arrivedDuringFetch ??= new Map();
  }

  /** The list from the server replaces what is held, except views that came in newer while it was on its way. */
  endFetch(list: V[]): void {
    const next = new Map(list.map((v) => [v.id, v]));
    for (const v of this.arrivedDuringFetch?.values() ?? []) {
      const listed = next.get(v.id);
      if (!listed || listed.version < v.version) next.set(v.id, v);
    }
    this.items = next;
    this.arrivedDuringFetch = null;
  }

  /** The fetch failed: keep what was held. */
  abortFetch(): void {
    this.arrivedDuringFetch = null;
  }
}

/**
 * One gap-free version sequence for a whole stream (a station's tickets): a missing number means a
 * message was lost, maybe a whole new ticket, so the screen re-fetches the list.
 */
export class StreamMap<V extends Versioned> extends VersionedMap<V> {
  private last: number | null = null;

  get lastVersion(): number | null {
    return this.last;
  }

  override apply(view: V): Applied {
    const gap = this.last !== null && view.version > this.last + 1;
    if (this.last === null || view.version > this.last) this.last = view.version;
    const applied = super.apply(view);
    return applied === 'stale' ? 'stale' : gap ? 'gap' : 'applied';
  }

  /** An answer to this screen's own command: newer than what is held, but not a step of the socket's sequence. */
  applyAnswer(view: V): Applied {
    return super.apply(view);
  }

  /** `streamVersion`: the stream's version when the list was read, if the server says it. */
  endFetchAt(list: V[], streamVersion?: number): void {
    super.endFetch(list);
    const highest = Math.max(streamVersion ?? 0, this.last ?? 0, ...list.map((v) => v.version));
    this.last = highest > 0 ? highest : this.last;
  }
}

/** Runs one fetch at a time; asks made while one runs are served by one more run after it. */
export class Coalesced {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly run: () => Promise<void>) {}

  request(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.run();
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }
}
