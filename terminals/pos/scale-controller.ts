import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError } from '../lib/api.js';
import type { WeightReading } from '../lib/contract.js';

/** How often the POS asks its scale while the weighing dialog is open: the weight reads live, the scale is not flooded. */
const POLL_MS = 400;

/**
 * The terminal's scale, read live while its host is on screen: GET /api/terminals/:id/weight polled (the server
 * asks the scale each time), the last stable reading kept, or the refusal's type (SCALE_UNSTABLE, SCALE_ZERO, ...)
 * when there is none to ring. Stops when the host leaves the page.
 */
export class ScaleController implements ReactiveController {
  /** The last answer: a stable reading, or why there is none (the refusal's type and message); both null before it. */
  reading: WeightReading | null = null;
  refusal: { type: string; message: string } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private live = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly read: () => Promise<WeightReading>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.live = true;
    void this.poll();
  }

  hostDisconnected(): void {
    this.live = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    try {
      this.reading = await this.read();
      this.refusal = null;
    } catch (error) {
      this.reading = null;
      this.refusal =
        error instanceof ApiError
          ? { type: error.type, message: error.message }
          : { type: 'SCALE_OFFLINE', message: String(error) };
    }
    if (!this.live) return;
    this.host.requestUpdate();
    this.timer = setTimeout(() => void this.poll(), POLL_MS);
  }
}
