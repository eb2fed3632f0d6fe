/**
 * A job that runs every `everyMs`, one round at a time on this node, until stopped: how the projector and the
 * audit chain follow the log. A round that fails is logged and the next one tries again.
 */
/** What one batch of a log reader found: more to read, the end of what can be read, or its place held by another node. */
export type Batch = 'more' | 'done' | 'held';

export class Rounds {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private due = false;
  private stopped = false;

  constructor(
    private readonly round: () => Promise<void>,
    private readonly everyMs: number,
    private readonly failed: (error: unknown) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.soon(), this.everyMs);
  }

  /** Runs a round after the one under way, unless one is already waiting. */
  soon(): void {
    if (this.due || this.stopped) return;
    this.due = true;
    this.running = this.running.then(async () => {
      this.due = false;
      await this.round().catch(this.failed);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
