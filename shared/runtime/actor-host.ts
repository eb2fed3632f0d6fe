import { createHash, randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { ErrorType } from '../contract/index.js';
import {
  AppendError,
  type Append,
  type EventStore,
  type OutboxEntry,
  type StoredEvent,
  type ViewRow,
} from '../db/event-store.js';
import type { Metrics } from '../metrics.js';
import { CommandError, UnavailableError } from './errors.js';
import type { Outbox } from './outbox.js';
import { initialTransition, transition } from './pure-transition.js';
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
  /** Request hashes of this actor's recent commands: a retry is told apart from a new command without a query. */
  recent: Map<string, string>;
}

/** One command waiting in its actor's queue. */
interface Job<E extends AnyEvent> {
  input: CommandInput<E>;
  hash: string;
  log: Logger;
  attempts: number;
  resolve: (answer: unknown) => void;
  reject: (error: unknown) => void;
}

/** A command the machine accepted, waiting for its group's commit. */
interface Decision<C, E extends AnyEvent> {
  job: Job<E>;
  append: Append;
  snapshot: Snapshot<C>;
  response: unknown;
}

export interface HostOptions {
  maxLiveActors: number;
  /** How many queued commands of one actor are decided together and stored in one commit. */
  maxGroup: number;
  snapshotEvery: number;
  recentCommands: number;
  conflictRetries: number;
}

export const DEFAULT_HOST_OPTIONS: HostOptions = {
  maxLiveActors: 5000,
  maxGroup: 64,
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
  return initialTransition(machine) as Snapshot<C>;
}

/** Folds stored events through the machine: how every actor is rebuilt, and what tests compare. */
export function replay<C>(machine: AnyStateMachine, from: Snapshot<C>, events: StoredEvent[]): Snapshot<C> {
  return events.reduce<Snapshot<C>>(
    (snapshot, e) => transition(machine, asAny(snapshot), e.data as AnyEvent)[0] as Snapshot<C>,
    from,
  );
}

/**
 * Hosts every live actor of one kind on this node: load (snapshot + later events), decide with the
 * machine's pure `transition()`, append with the expected version and the commandId, deliver what
 * the command published through the outbox. Commands to one actor are decided one after another,
 * but all those waiting are decided together and stored in one commit; commands to different
 * actors run side by side and share commits in the event store.
 */
export class ActorHost<C, E extends AnyEvent> {
  private readonly live: LRUCache<string, Live<C>>;
  private readonly queues = new Map<string, Job<E>[]>();

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
    return new Promise((resolve, reject) => {
      const log = this.deps.logger.child({ commandId: input.commandId, actorId: input.actorId, command: input.event.type });
      const job: Job<E> = { input, hash: requestHash(input.request), log, attempts: 0, resolve, reject };
      const queue = this.queues.get(input.actorId);
      if (queue) {
        queue.push(job);
        return;
      }
      this.queues.set(input.actorId, [job]);
      void this.drain(input.actorId);
    });
  }

  /** The actor's current snapshot and version, rebuilt if it is not live here. */
  async current(actorId: string): Promise<{ snapshot: Snapshot<C>; version: number }> {
    return this.load(actorId);
  }

  private async drain(actorId: string): Promise<void> {
    const queue = this.queues.get(actorId)!;
    while (queue.length > 0) {
      const group = queue.splice(0, this.options.maxGroup);
      try {
        await this.decideGroup(actorId, group);
      } catch (error) {
        for (const job of group) this.fail(job, error);
      }
    }
    this.queues.delete(actorId);
  }

  private async load(actorId: string): Promise<Live<C>> {
    const cached = this.live.get(actorId);
    if (cached) return cached;
    const { snapshot, version } = await this.rebuild(actorId);
    const live: Live<C> = { snapshot, version, recent: new Map() };
    this.live.set(actorId, live);
    return live;
  }

  /**
   * An actor rebuilt from its log, as it is or as it was at `upTo`: from the latest snapshot plus the events
   * after it, or from the start when that snapshot is past `upTo`.
   */
  private async rebuild(
    actorId: string,
    upTo: number | null = null,
  ): Promise<{ snapshot: Snapshot<C>; version: number; last: StoredEvent | undefined }> {
    const { store } = this.deps;
    const unavailable = (error: unknown) => {
      throw new UnavailableError('The database cannot be reached right now: try again in a moment.', { cause: String(error) });
    };
    const { snapshot, events } = await store.load(actorId).catch(unavailable);
    const fromSnapshot = snapshot === null || upTo === null || snapshot.version <= upTo;
    const from = fromSnapshot ? snapshot : null;
    const tail = fromSnapshot
      ? events.filter((e) => upTo === null || e.version <= upTo)
      : await store.events(actorId, 0, upTo).catch(unavailable);
    return {
      snapshot: replay(this.kind.machine, restore<C>(this.kind.machine, from?.state), tail),
      version: tail.at(-1)?.version ?? from?.version ?? 0,
      last: tail.at(-1),
    };
  }

  /** Decides every command of the group in order on a working copy, then stores the accepted ones in one commit. */
  private async decideGroup(actorId: string, group: Job<E>[]): Promise<void> {
    const live = await this.load(actorId);
    let { snapshot, version } = live;
    const decided: Decision<C, E>[] = [];
    const twins: { job: Job<E>; of: Decision<C, E> }[] = [];
    for (const job of group) {
      const { input } = job;
      if (live.recent.has(input.commandId)) {
        await this.answerStored(job);
        continue;
      }
      const earlier = decided.find((d) => d.job.input.commandId === input.commandId);
      if (earlier) {
        twins.push({ job, of: earlier });
        continue;
      }
      const event = { ...input.event, at: this.deps.clock().toISOString() } as E;
      const refusal = this.refusal(actorId, snapshot, version, event);
      if (refusal) {
        // Never refuse on a stale copy (the actor moved here and back while others wrote it): reload, decide again.
        if ((await this.deps.store.events(actorId, live.version)).length > 0) {
          this.live.delete(actorId);
          this.queues.get(actorId)!.unshift(...group);
          return;
        }
        // A retry of a command accepted long ago may no longer fit the state: answer it as before.
        if (!(await this.answerStored(job, refusal))) this.fail(job, refusal);
        continue;
      }
      const [next, actions] = transition(this.kind.machine, asAny(snapshot), event);
      snapshot = next as Snapshot<C>;
      version += 1;
      decided.push(this.decision(job, actorId, version, snapshot, event, actions));
    }
    if (decided.length === 0) return;

    try {
      await this.deps.store.append(decided.map((d) => d.append));
    } catch (error) {
      this.live.delete(actorId);
      const retry = [...decided.map((d) => d.job), ...twins.map((t) => t.job)];
      if (!(error instanceof AppendError)) throw error;
      if (error.reason === 'COMMAND_EXISTS') {
        // One of them was stored before (by this node before a crash, or another): answer those, retry the rest.
        const stored = await Promise.all(retry.map((job) => this.answerStored(job)));
        this.requeue(
          actorId,
          retry.filter((_, i) => !stored[i]),
        );
        return;
      }
      if (error.reason === 'VERSION_CONFLICT') {
        // Another node wrote this actor (it moved while we held it): rebuild from the log and decide again.
        decided[0]!.job.log.warn({ version: live.version }, 'version conflict; reloading the actor and retrying');
        this.requeue(actorId, retry);
        return;
      }
      decided[0]!.job.log.error({ err: error.cause }, 'could not store the commands');
      const unavailable = new UnavailableError(
        'The database cannot be reached right now: nothing was saved. Retry with the same commandId.',
      );
      for (const job of retry) this.fail(job, unavailable);
      return;
    }

    live.snapshot = snapshot;
    live.version = version;
    for (const d of decided) {
      live.recent.set(d.job.input.commandId, d.job.hash);
      if (live.recent.size > this.options.recentCommands) live.recent.delete(live.recent.keys().next().value!);
      this.deps.metrics.commands.inc({ actor: this.kind.type, command: d.job.input.event.type });
      d.job.log.info({ version: d.append.event.version }, 'command accepted');
      d.job.resolve(d.response);
    }
    for (const { job, of } of twins) this.answer(job, { hash: of.job.hash, response: of.response });
    void this.deps.outbox.deliverNow(decided.flatMap((d) => d.append.outbox));
  }

  /** Everything one accepted command writes: its event, its answer, its read-model rows and what it publishes. */
  private decision(
    job: Job<E>,
    actorId: string,
    version: number,
    snapshot: Snapshot<C>,
    event: E,
    actions: { type: string; params?: unknown }[],
  ): Decision<C, E> {
    const { input } = job;
    const emitted = actions.filter((a) => a.type === 'xstate.emit').map((a) => (a.params as { event: { type: string } }).event);
    const views = this.kind.project(actorId, version, snapshot, event);
    const outbox: OutboxEntry[] = [
      ...views.map((view) => ({
        id: randomUUID(),
        kind: 'broadcast' as const,
        name: `${view.kind}.updated`,
        payload: { commandId: input.commandId, event: event.type },
        view: { kind: view.kind, id: view.id, data: view.data },
      })),
      ...this.kind.react(emitted, input.commandId).map((call) => ({
        id: randomUUID(),
        kind: 'call' as const,
        name: call.action,
        payload: call.params,
      })),
    ];
    const response = this.kind.view(actorId, version, snapshot, event);
    return {
      job,
      snapshot,
      response,
      append: {
        streamId: actorId,
        streamType: this.kind.type,
        event: {
          version,
          type: event.type,
          data: event,
          commandId: input.commandId,
          userId: input.userId ?? null,
          terminalId: input.terminalId ?? null,
          at: event.at,
        },
        command: { id: input.commandId, hash: job.hash },
        views,
        outbox,
        snapshot: version % this.options.snapshotEvery === 0 ? this.kind.machine.getPersistedSnapshot(asAny(snapshot)) : null,
      },
    };
  }

  private requeue(actorId: string, jobs: Job<E>[]): void {
    for (const job of jobs) job.attempts += 1;
    const exhausted = jobs.filter((job) => job.attempts > this.options.conflictRetries);
    for (const job of exhausted)
      this.fail(job, new CommandError('VERSION_CONFLICT', `The ${this.kind.type} was changed by another writer: retry.`));
    this.queues.get(actorId)!.unshift(...jobs.filter((job) => !exhausted.includes(job)));
  }

  /** Answers a command already in the store (or refuses a reused id); false when the store does not have it. */
  private async answerStored(job: Job<E>, refusal?: CommandError): Promise<boolean> {
    const stored = await this.deps.store.findCommand(job.input.commandId).catch((error: unknown) => {
      if (refusal) return null;
      throw error;
    });
    if (!stored) return false;
    const response = stored.hash === job.hash ? (stored.response ?? (await this.viewAt(stored.streamId, stored.version!))) : null;
    this.answer(job, { hash: stored.hash, response });
    return true;
  }

  /** The answer a command got: the actor's view at the version it wrote, rebuilt from the log. */
  private async viewAt(actorId: string, version: number): Promise<unknown> {
    const { snapshot, last } = await this.rebuild(actorId, version);
    // The view names what the command changed; when the snapshot is at that very version, its event is read alone.
    const event = last ?? (await this.deps.store.events(actorId, version - 1, version))[0]!;
    return this.kind.view(actorId, version, snapshot, event.data as E);
  }

  private answer(job: Job<E>, first: { hash: string; response: unknown }): void {
    if (first.hash !== job.hash) {
      this.fail(
        job,
        new CommandError(
          'COMMAND_ID_REUSED',
          'This commandId was already used for a different command: make a new commandId for a new command.',
        ),
      );
      return;
    }
    job.log.info('repeated command answered from its first result');
    job.resolve(first.response);
  }

  private fail(job: Job<E>, error: unknown): void {
    const type = (error as { type?: string }).type ?? 'INTERNAL';
    this.deps.metrics.rejections.inc({ actor: this.kind.type, command: job.input.event.type, type });
    job.log.info({ type, reason: (error as Error).message }, 'command refused');
    job.reject(error);
  }

  /** Why the machine will not take this event, in the contract's words; null when it will. */
  private refusal(actorId: string, snapshot: Snapshot<C>, version: number, event: E): CommandError | null {
    const { kind } = this;
    if (kind.bornBy && version === 0 && event.type !== kind.bornBy) {
      return new CommandError(kind.unknown.type, kind.unknown.message(actorId));
    }
    const refusal = refusalOf(kind.machine, kind.refusals, asAny(snapshot), event);
    if (!refusal) return null;
    if (refusal.message) return new CommandError(refusal.type, refusal.message);
    return new CommandError(
      'INVALID_TRANSITION',
      `The ${kind.type} is ${kind.stateName(snapshot)}: it cannot take ${event.type}.`,
      {
        state: kind.stateName(snapshot),
        event: event.type,
      },
    );
  }
}
