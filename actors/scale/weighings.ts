/** How long a weighing shown at the POS may still be rung: the plate may come off the scale before Ring is tapped. */
export const WEIGHING_KEPT_MS = 2 * 60_000;
/** The last weighings kept per scale: a few plates weighed one after another before their rings arrive. */
export const WEIGHINGS_KEPT = 5;

interface Weighing {
  grams: number;
  /** When the scale last answered these grams. */
  at: number;
  /** The add-item command that rang it, or null while it is not rung. */
  rungBy: string | null;
}

/**
 * What each scale answered to GET /weight lately, kept on the node that drives it, so that a plate is rung with
 * grams its terminal's scale read. A weighing rings once: the same grams answered again and again while the
 * plate sits there (the POS polls) are one weighing, and once it is rung only a new answer of the scale (the
 * plate weighed again) is another. The add-item that rang it may be sent again (the same commandId) and still is.
 */
export class Weighings {
  private readonly byScale = new Map<string, Weighing[]>();

  /** The scale answered these grams as a stable weight, at `now` (ms). */
  answered(deviceId: string, grams: number, now: number): void {
    const kept = this.fresh(deviceId, now);
    const same = kept.find((w) => w.grams === grams && w.rungBy === null);
    if (same) same.at = now;
    else kept.push({ grams, at: now, rungBy: null });
    this.byScale.set(deviceId, kept.slice(-WEIGHINGS_KEPT));
  }

  /** Rings a weighing of these grams for that command: false when the scale answered none lately that is not rung. */
  ring(deviceId: string, grams: number, commandId: string, now: number): boolean {
    const kept = this.fresh(deviceId, now);
    const weighing =
      kept.find((w) => w.grams === grams && w.rungBy === commandId) ?? kept.find((w) => w.grams === grams && w.rungBy === null);
    if (!weighing) return false;
    weighing.rungBy = commandId;
    return true;
  }

  /** The scale was taken out, or moved to another terminal or node: what it read is no one's to ring. */
  forget(deviceId: string): void {
    this.byScale.delete(deviceId);
  }

  private fresh(deviceId: string, now: number): Weighing[] {
    const kept = (this.byScale.get(deviceId) ?? []).filter((w) => now - w.at <= WEIGHING_KEPT_MS);
    this.byScale.set(deviceId, kept);
    return kept;
  }
}
