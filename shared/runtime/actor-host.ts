import { createHash, randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { AnyMachineSnapshot } from 'xstate';
import {
  AppendError,
  type Append,
  type EventStore,
  type OutboxEntry,
  type StoredEvent,
  type ViewRow,
} from '../db/event-store.js';
import type { Metrics } from '../metrics.js';
import { replay, restore, type ActorKind } from './actor-kind.js';
import { decideGroup, type Outcome } from './decide-group.js';
import type { AnyEvent, Snapshot } from './decider.js';
import { CommandError, UnavailableError } from './errors.js';
import type { Outbox } from './outbox.js';

/** How long after a lost race an actor's writes go under its lock: as long as two nodes' rings may disagree. */
const CONTENDED_MS = 5000;
/** A command another node stored: known, and answered from the store. */
const STORED_ELSEWHERE = '';

export interface CommandInput<Cmd extends AnyEvent> {
  actorId: string;
  commandId: string;
  /** The client's request, hashed to tell a retry from a reused commandId. */
  request: unknown;
  command: DistributiveOmit<Cmd, 'at'>;
  userId?: string | null;
  terminalId?: string | null;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A group decided on the live copy: what became of each command, and what the accepted ones write. */
interface Decided<C, Cmd extends AnyEvent, F extends AnyEvent> {
  outcomes: Outcome<C, F>[];
  accepted: { job: Job<Cmd>; outcome: Extract<Outcome<C, F>, { kind: 'accepted' }> }[];
  appends: { append: Append; response: unknown }[];
}

interface Live<C> {
  snapshot: Snapshot<C>;
  version: number;
  /** Request hashes of this actor's recent commands: a retry is told apart from a new command without a query. */
  recent: Map<string, string>;
}

/** One command waiting in its actor's queue. */
interface Job<Cmd extends AnyEvent> {
  input: CommandInput<Cmd>;
  hash: string;
  log: Logger;
  attempts: number;
  resolve: (answer: unknown) => void;
  reject: (error: unknown) => void;
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
  conflictRetries: 5,
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

/**
 * Hosts every live actor of one kind on this node: load (snapshot + later facts), decide the queued
 * commands (a pure step, `decideGroup`), append their facts with the expected version and the commandId,
 * deliver what they publish through the outbox. Commands to one actor are decided one after another, but
 * all those waiting are decided together and stored in one commit; commands to different actors run side
 * by side and share commits in the event store.
 */
export class ActorHost<C, Cmd extends AnyEvent, F extends AnyEvent> {
  private readonly live: LRUCache<string, Live<C>>;
  private readonly queues = new Map<string, Job<Cmd>[]>();
  /** Actors another node wrote lately, and until when their writes go under the actor's lock. */
  private readonly contendedUntil = new Map<string, number>();

  constructor(
    private readonly kind: ActorKind<C, Cmd, F>,
    private readonly deps: {
      store: EventStore;
      outbox: Outbox;
      clock: () => Date;
      logger: Logger;
      metrics: Metrics;
    },
    private readonly options: HostOptions = DEFAULT_HOST_OPTIONS,
  ) {
    this.live = new LRUCache({ max: options.maxLiveActors });
  }

  execute(input: CommandInput<Cmd>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const log = this.deps.logger.child({ commandId: input.commandId, actorId: input.actorId, command: input.command.type });
      const job: Job<Cmd> = { input, hash: requestHash(input.request), log, attempts: 0, resolve, reject };
      const queue = this.queues.get(input.actorId);
      if (queue) {
        queue.push(job);
        return;
      }
      this.queues.set(input.actorId, [job]);
      void this.drain(input.actorId);
    });
  }

  private async drain(actorId: string): Promise<void> {
    const queue = this.queues.get(actorId)!;
    while (queue.length > 0) {
      const group = queue.splice(0, this.options.maxGroup);
      try {
        await this.runGroup(actorId, group);
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
   * An actor rebuilt from its log, as it is or as it was at `upTo`: from the latest snapshot plus the facts
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

  /** Decides the group on the live copy, then stores what was accepted in one commit and answers every command. */
  private async runGroup(actorId: string, group: Job<Cmd>[]): Promise<void> {
    const live = await this.load(actorId);
    const contended = (this.contendedUntil.get(actorId) ?? 0) > Date.now();
    if (!contended) this.contendedUntil.delete(actorId);
    let decided = null as Decided<C, Cmd, F> | null;
    try {
      if (contended) {
        // Another node writes this actor too: decide under its lock, on the facts as they are.
        await this.deps.store.appendExclusive(actorId, live.version, (newer) => {
          this.fold(live, newer);
          decided = this.decide(actorId, live, group);
          return decided.appends.map((a) => a.append);
        });
      } else {
        decided = this.decide(actorId, live, group);
        // Never refuse on a stale copy (the actor moved here and back while others wrote it): catch up, decide again.
        if (decided.outcomes.some((o) => o.kind === 'refused') && (await this.catchUp(actorId, live))) {
          this.queues.get(actorId)!.unshift(...group);
          return;
        }
        if (decided.appends.length > 0) await this.deps.store.append(decided.appends.map((a) => a.append));
      }
    } catch (error) {
      if (!decided || !(error instanceof AppendError)) {
        this.live.delete(actorId);
        throw error;
      }
      await this.failedAppend(actorId, live, group, decided, error);
      return;
    }
    await this.answer(live, group, decided!);
  }

  /** What the group's commands come to on the live copy, and what the accepted ones would write. */
  private decide(actorId: string, live: Live<C>, group: Job<Cmd>[]): Decided<C, Cmd, F> {
    const at = this.deps.clock().toISOString();
    const outcomes = decideGroup(
      this.kind,
      actorId,
      live,
      group.map((job) => ({ commandId: job.input.commandId, command: { ...job.input.command, at } as Cmd })),
      (commandId) => live.recent.has(commandId),
    );
    const accepted = outcomes.flatMap((outcome, i) => (outcome.kind === 'accepted' ? [{ job: group[i]!, outcome }] : []));
    return { outcomes, accepted, appends: accepted.map(({ job, outcome }) => this.append(job, actorId, outcome)) };
  }

  /** After the commit: the live copy moves on, and every command of the group gets its answer. */
  private async answer(live: Live<C>, group: Job<Cmd>[], { outcomes, accepted, appends }: Decided<C, Cmd, F>) {
    for (const [i, outcome] of outcomes.entries()) {
      const job = group[i]!;
      if (outcome.kind === 'known') await this.answerStored(job);
      else if (outcome.kind === 'refused') {
        // A retry of a command accepted long ago may no longer fit the state: answer it as before.
        if (!(await this.answerStored(job, outcome.refusal))) this.fail(job, outcome.refusal);
      }
    }
    if (accepted.length === 0) return;
    const last = accepted.at(-1)!.outcome;
    live.snapshot = last.snapshot;
    live.version = last.version;
    const responses = new Map<number, unknown>();
    for (const [i, { job }] of accepted.entries()) {
      this.remember(live, job.input.commandId, job.hash);
      this.deps.metrics.commands.inc({ actor: this.kind.type, command: job.input.command.type });
      job.log.info({ version: accepted[i]!.outcome.version }, 'command accepted');
      job.resolve(appends[i]!.response);
      responses.set(group.indexOf(job), appends[i]!.response);
    }
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.kind === 'twin')
        this.answerAs(group[i]!, { hash: group[outcome.of]!.hash, response: responses.get(outcome.of) });
    }
    void this.deps.outbox.deliverNow(appends.flatMap((a) => a.append.outbox));
  }

  /**
   * The store refused the group's appends. Commands stored before (by this node before a crash, or another)
   * are answered from the store; after a lost race the copy catches up and the group is decided again, this
   * actor's writes going under its lock for a while; a store that cannot be reached fails them all.
   */
  private async failedAppend(actorId: string, live: Live<C>, group: Job<Cmd>[], decided: Decided<C, Cmd, F>, error: AppendError) {
    const known = group.filter((_, i) => decided.outcomes[i]!.kind === 'known');
    for (const job of known) await this.answerStored(job);
    // Refusals too: one may have depended on a command that was not stored after all.
    const rest = group.filter((job) => !known.includes(job));
    if (error.reason === 'COMMAND_EXISTS') {
      this.live.delete(actorId);
      const stored = await Promise.all(rest.map((job) => this.answerStored(job)));
      this.requeue(
        actorId,
        rest.filter((_, i) => !stored[i]),
      );
      return;
    }
    if (error.reason === 'VERSION_CONFLICT') {
      // Another node wrote this actor (it moved while we held it, or two nodes' rings disagree for a while).
      rest[0]?.log.warn({ version: live.version }, 'version conflict; catching up on the log and retrying under its lock');
      this.contendedUntil.set(actorId, Date.now() + CONTENDED_MS);
      await this.catchUp(actorId, live).catch(() => this.live.delete(actorId));
      this.requeue(actorId, rest);
      return;
    }
    this.live.delete(actorId);
    rest[0]?.log.error({ err: error.cause }, 'could not store the commands');
    const unavailable = new UnavailableError(
      'The database cannot be reached right now: nothing was saved. Retry with the same commandId.',
    );
    for (const job of rest) this.fail(job, unavailable);
  }

  /** Everything one accepted command writes: its facts, its commandId, its read-model rows and what it publishes. */
  private append(
    job: Job<Cmd>,
    actorId: string,
    { facts, states, version, snapshot }: { facts: F[]; states: Snapshot<C>[]; version: number; snapshot: Snapshot<C> },
  ) {
    const { input } = job;
    const first = version - facts.length + 1;
    // A later fact's row replaces an earlier one's: one commit writes each row once.
    const rows = new Map<string, ViewRow>();
    facts.forEach((fact, i) => {
      for (const row of this.kind.project(actorId, first + i, states[i]!, fact)) rows.set(`${row.kind}\u0000${row.id}`, row);
    });
    const views = [...rows.values()];
    const outbox: OutboxEntry[] = [
      ...views
        .filter((view) => view.pushed !== null)
        .map((view) => ({
          id: randomUUID(),
          kind: 'broadcast' as const,
          name: `${view.kind}.updated`,
          payload: { commandId: input.commandId, event: facts.at(-1)!.type },
          view: { kind: view.kind, id: view.id, data: view.pushed ?? view.data },
        })),
      ...this.kind.react(facts, input.commandId, states).map((call) => ({
        id: randomUUID(),
        kind: 'call' as const,
        name: call.action,
        payload: call.params,
      })),
    ];
    const every = this.options.snapshotEvery;
    const snapshotDue = Math.floor(version / every) > Math.floor((first - 1) / every);
    const append: Append = {
      streamId: actorId,
      streamType: this.kind.type,
      events: facts.map((fact, i) => ({
        version: first + i,
        type: fact.type,
        data: fact as unknown as Record<string, unknown>,
        commandId: input.commandId,
        userId: input.userId ?? null,
        terminalId: input.terminalId ?? null,
        at: fact.at,
      })),
      command: { id: input.commandId, hash: job.hash },
      views,
      outbox,
      snapshot: snapshotDue ? this.kind.machine.getPersistedSnapshot(snapshot as unknown as AnyMachineSnapshot) : null,
    };
    return { append, response: this.kind.view(actorId, version, snapshot, facts.at(-1)!) };
  }

  /** Folds into the live copy the facts others stored after it; false when there were none. */
  private async catchUp(actorId: string, live: Live<C>): Promise<boolean> {
    const newer = await this.deps.store.events(actorId, live.version);
    this.fold(live, newer);
    return newer.length > 0;
  }

  /** Facts stored elsewhere, into the live copy; their commandIds become known (a retry is answered from the store). */
  private fold(live: Live<C>, newer: StoredEvent[]): void {
    if (newer.length === 0) return;
    live.snapshot = replay(this.kind.machine, live.snapshot, newer);
    live.version = newer.at(-1)!.version;
    for (const event of newer) if (event.commandId) this.remember(live, event.commandId, STORED_ELSEWHERE);
  }

  private remember(live: Live<C>, commandId: string, hash: string): void {
    live.recent.set(commandId, hash);
    if (live.recent.size > this.options.recentCommands) live.recent.delete(live.recent.keys().next().value!);
  }

  private requeue(actorId: string, jobs: Job<Cmd>[]): void {
    for (const job of jobs) job.attempts += 1;
    const exhausted = jobs.filter((job) => job.attempts > this.options.conflictRetries);
    for (const job of exhausted)
      this.fail(job, new CommandError('VERSION_CONFLICT', `The ${this.kind.type} was changed by another writer: retry.`));
    this.queues.get(actorId)!.unshift(...jobs.filter((job) => !exhausted.includes(job)));
  }

  /** Answers a command already in the store (or refuses a reused id); false when the store does not have it. */
  private async answerStored(job: Job<Cmd>, refusal?: CommandError): Promise<boolean> {
    const stored = await this.deps.store.findCommand(job.input.commandId).catch((error: unknown) => {
      if (refusal) return null;
      throw error;
    });
    if (!stored) return false;
    const response = stored.hash === job.hash ? (stored.response ?? (await this.viewAt(stored.streamId, stored.version!))) : null;
    this.answerAs(job, { hash: stored.hash, response });
    return true;
  }

  /** The answer a command got: the actor's view at the version it wrote, rebuilt from the log. */
  private async viewAt(actorId: string, version: number): Promise<unknown> {
    const { snapshot, last } = await this.rebuild(actorId, version);
    // The view names what the command changed; when the snapshot is at that very version, its fact is read alone.
    const fact = last ?? (await this.deps.store.events(actorId, version - 1, version))[0]!;
    return this.kind.view(actorId, version, snapshot, fact.data as F);
  }

  private answerAs(job: Job<Cmd>, first: { hash: string; response: unknown }): void {
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

  private fail(job: Job<Cmd>, error: unknown): void {
    const type = (error as { type?: string }).type ?? 'INTERNAL';
    this.deps.metrics.rejections.inc({ actor: this.kind.type, command: job.input.command.type, type });
    job.log.info({ type, reason: (error as Error).message }, 'command refused');
    job.reject(error);
  }
}
