import { createHash, randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { ErrorType } from '../contract/index.js';
import { AppendError, type EventStore, type OutboxEntry, type StoredEvent, type ViewRow } from '../db/event-store.js';
import type { Metrics } from '../metrics.js';
import { CommandError, UnavailableError } from './errors.js';
import type { Outbox } from './outbox.js';
import { refusalOf, type Refusals } from './refusal.js';

type AnyEvent = { type: string; at: string };

/** A machine snapshot whose context the service knows. */
export type Snapshot<C> = Omit<AnyMachineSnapshot, 'context'> & { context: C };
const asAny = <C>(snapshot: Snapshot<C>) => snapshot as unknown as AnyMachineSnapshot;

/** A command for another actor, delivered through the outbox once this one's events are stored. */
export interface Call {
  action: string;
  params: Record<string, unknown> & { commandId: string };
}

/** What a service tells the host about its kind of actor. Everything here is pure. */
export interface ActorKind<C, E extends AnyEvent> {
  /** Stream type in the log, and the word in messages ("order", "station"). */
  type: string;
  machine: AnyStateMachine;
  refusals: Refusals<C, E>;
  /** Where an actor does not exist until this event (an order until OPEN), any other event gets `unknown`. */
  bornBy?: E['type'];
  unknown: { type: ErrorType; message: (id: string) => string };
  /** The state named in refusals, in the contract's words. */
  stateName: (snapshot: Snapshot<C>) => string;
  /** The answer to a command. */
  view: (id: string, version: number, snapshot: Snapshot<C>, event: E) => unknown;
  /** Read-model rows this event changed; each is stored and broadcast as `<kind>.updated`. */
  project: (id: string, version: number, snapshot: Snapshot<C>, event: E) => ViewRow[];
  /** Commands to other actors for what the machine emitted. Their ids derive from this command's. */
  react: (emitted: { type: string }[], commandId: string) => Call[];
}

export interface CommandInput<E extends AnyEvent> {
  actorId: string;
  commandId: string;
  /** The client's request, hashed to tell a retry from a reused commandId. */
  request: unknown;
  event: DistributiveOmit<E, 'at'>;
  userId?: string | null;
  terminalId?: string | null;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface Live<C> {
  snapshot: Snapshot<C>;
  version: number;
  /** Answers to this actor's recent commands, so a retry is answered without touching the store. */
  recent: Map<string, { hash: string; response: unknown }>;
}

export interface HostOptions {
  maxLiveActors: number;
  snapshotEvery: number;
  recentCommands: number;
  conflictRetries: number;
}

export const DEFAULT_HOST_OPTIONS: HostOptions = {
  maxLiveActors: 5000,
  snapshotEvery: 50,
  recentCommands: 32,
  conflictRetries: 3,
};

export const requestHash = (request: unknown) => createHash('sha256').update(stableJson(request)).digest('base64url');

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Rebuilds a machine snapshot from its persisted form, or from the machine's initial state. */
export function restore<C>(machine: AnyStateMachine, persisted: unknown): Snapshot<C> {
  if (persisted) {
    const { value, context } = persisted as { value: unknown; context: unknown };
    return machine.resolveState({ value: value as never, context: context as never }) as Snapshot<C>;
  }
  return initialTransition(machine, undefined)[0] as Snapshot<C>;
}

/** Folds stored events through the machine: how every actor is rebuilt, and what tests compare. */
export function replay<C>(machine: AnyStateMachine, from: Snapshot<C>, events: StoredEvent[]): Snapshot<C> {
  return events.reduce<Snapshot<C>>(
    (snapshot, e) => transition(machine, asAny(snapshot), e.data as never)[0] as Snapshot<C>,
    from,
  );
}

/**
 * Hosts every live actor of one kind on this node: load (snapshot + later events), decide with the
 * machine's pure `transition()`, append with the expected version and the commandId, deliver what
 * the command published through the outbox. Commands to one actor run one after another; commands
 * to different actors run side by side and share commits in the event store.
 */
export class ActorHost<C, E extends AnyEvent> {
  private readonly live: LRUCache<string, Live<C>>;
  private readonly mailboxes = new Map<string, Promise<unknown>>();

  constructor(
    private readonly kind: ActorKind<C, E>,
    private readonly deps: { store: EventStore; outbox: Outbox; clock: () => Date; logger: Logger; metrics: Metrics },
    private readonly options: HostOptions = DEFAULT_HOST_OPTIONS,
  ) {
    this.live = new LRUCache({ max: options.maxLiveActors });
  }

  get liveActors(): number {
    return this.live.size;
  }

  execute(input: CommandInput<E>): Promise<unknown> {
    const previous = this.mailboxes.get(input.actorId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.decideAndAppend(input));
    this.mailboxes.set(input.actorId, run);
    void run
      .finally(() => {
        if (this.mailboxes.get(input.actorId) === run) this.mailboxes.delete(input.actorId);
      })
      .catch(() => undefined);
    return run;
  }

  /** The actor's current snapshot and version, rebuilt if it is not live here. */
  async current(actorId: string): Promise<{ snapshot: Snapshot<C>; version: number }> {
    return this.load(actorId);
  }

  private async load(actorId: string): Promise<Live<C>> {
    const cached = this.live.get(actorId);
    if (cached) return cached;
    const { snapshot, events } = await this.deps.store.load(actorId).catch((error: unknown) => {
      throw new UnavailableError('The database cannot be reached right now: try again in a moment.', { cause: String(error) });
    });
    const from = restore<C>(this.kind.machine, snapshot?.state);
    const live: Live<C> = {
      snapshot: replay(this.kind.machine, from, events),
      version: events.at(-1)?.version ?? snapshot?.version ?? 0,
      recent: new Map(),
    };
    this.live.set(actorId, live);
    return live;
  }

  private async decideAndAppend(input: CommandInput<E>): Promise<unknown> {
    const hash = requestHash(input.request);
    const log = this.deps.logger.child({ commandId: input.commandId, actorId: input.actorId, command: input.event.type });
    const labels = { actor: this.kind.type, command: input.event.type };
    try {
      for (let attempt = 0; ; attempt++) {
        const live = await this.load(input.actorId);
        const seen = live.recent.get(input.commandId);
        if (seen) return this.repeat(seen, hash, log);

        const event = { ...input.event, at: this.deps.clock().toISOString() } as E;
        const refusal = this.refusal(input.actorId, live, event);
        if (refusal) {
          // A retry of a command accepted long ago may no longer fit the state: answer it as before.
          const stored = await this.deps.store.findCommand(input.commandId);
          if (stored) return this.repeat(stored, hash, log);
          throw refusal;
        }

        const [next, actions] = transition(this.kind.machine, asAny(live.snapshot), event);
        const snapshot = next as Snapshot<C>;
        const version = live.version + 1;
        const emitted = actions
          .filter((a) => (a.type as string) === 'xstate.emit')
          .map((a) => (a.params as { event: { type: string } }).event);
        const views = this.kind.project(input.actorId, version, snapshot, event);
        const outbox: OutboxEntry[] = [
          ...views.map((view) => ({
            id: randomUUID(),
            kind: 'broadcast' as const,
            name: `${view.kind}.updated`,
            payload: { view: view.data, commandId: input.commandId, event: event.type },
          })),
          ...this.kind.react(emitted, input.commandId).map((call) => ({
            id: randomUUID(),
            kind: 'call' as const,
            name: call.action,
            payload: call.params,
          })),
        ];
        const response = this.kind.view(input.actorId, version, snapshot, event);
        const { type, ...data } = event;
        try {
          await this.deps.store.append({
            streamId: input.actorId,
            streamType: this.kind.type,
            event: {
              version,
              type,
              data: { type, ...data },
              commandId: input.commandId,
              userId: input.userId ?? null,
              terminalId: input.terminalId ?? null,
              at: event.at,
            },
            command: { id: input.commandId, hash, response },
            views,
            outbox,
            snapshot: version % this.options.snapshotEvery === 0 ? this.kind.machine.getPersistedSnapshot(asAny(snapshot)) : null,
          });
        } catch (error) {
          if (!(error instanceof AppendError)) throw error;
          if (error.reason === 'COMMAND_EXISTS') {
            const stored = await this.deps.store.findCommand(input.commandId);
            if (stored) return this.repeat(stored, hash, log);
          }
          if (error.reason === 'VERSION_CONFLICT' && attempt < this.options.conflictRetries) {
            // Another node wrote this actor (it moved while we held it): rebuild from the log and decide again.
            log.warn({ version }, 'version conflict; reloading the actor and retrying');
            this.live.delete(input.actorId);
            continue;
          }
          if (error.reason === 'VERSION_CONFLICT') {
            throw new CommandError('VERSION_CONFLICT', `The ${this.kind.type} was changed by another writer: retry.`);
          }
          this.live.delete(input.actorId);
          throw new UnavailableError(
            'The database cannot be reached right now: nothing was saved. Retry with the same commandId.',
          );
        }
        live.snapshot = snapshot;
        live.version = version;
        live.recent.set(input.commandId, { hash, response });
        if (live.recent.size > this.options.recentCommands) live.recent.delete(live.recent.keys().next().value!);
        this.deps.metrics.commands.inc(labels);
        log.info({ version }, 'command accepted');
        void this.deps.outbox.deliverNow(outbox);
        return response;
      }
    } catch (error) {
      const type = (error as { type?: string }).type ?? 'INTERNAL';
      this.deps.metrics.rejections.inc({ ...labels, type });
      log.info({ type, reason: (error as Error).message }, 'command refused');
      throw error;
    }
  }

  private repeat(stored: { hash: string; response: unknown }, hash: string, log: Logger): unknown {
    if (stored.hash !== hash) {
      throw new CommandError(
        'COMMAND_ID_REUSED',
        'This commandId was already used for a different command: make a new commandId for a new command.',
      );
    }
    log.info('repeated command answered from its first result');
    return stored.response;
  }

  /** Why the machine will not take this event, in the contract's words; null when it will. */
  private refusal(actorId: string, live: Live<C>, event: E): CommandError | null {
    const { kind } = this;
    if (kind.bornBy && live.version === 0 && event.type !== kind.bornBy) {
      return new CommandError(kind.unknown.type, kind.unknown.message(actorId));
    }
    const refusal = refusalOf(kind.machine, kind.refusals, asAny(live.snapshot), event);
    if (!refusal) return null;
    if (refusal.message) return new CommandError(refusal.type, refusal.message);
    return new CommandError(
      'INVALID_TRANSITION',
      `The ${kind.type} is ${kind.stateName(live.snapshot)}: it cannot take ${event.type}.`,
      { state: kind.stateName(live.snapshot), event: event.type },
    );
  }
}
