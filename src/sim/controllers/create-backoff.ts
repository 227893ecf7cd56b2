/**
 * The back-off a controller's work queue puts on an object whose last pod
 * create failed (a Pod Security refusal, a quota): the item is requeued with
 * workqueue.DefaultControllerRateLimiter's per-item delay, 5 ms doubling up
 * to 1000 s, so a refused template costs a handful of tries a minute, not
 * one per pass. A successful create resets it.
 */
const BASE_MS = 5;
const MAX_MS = 1_000_000;

export type CreateBackOffState = Record<string, { failures: number; retryAt: number }>;

export class CreateBackOff {
  private items: CreateBackOffState = {};

  /** Whether the object's next create must still wait. */
  waiting(uid: string, now: number): boolean {
    const item = this.items[uid];
    return item !== undefined && now < item.retryAt;
  }

  failed(uid: string, now: number): void {
    const failures = (this.items[uid]?.failures ?? 0) + 1;
    this.items[uid] = { failures, retryAt: now + Math.min(BASE_MS * 2 ** (failures - 1), MAX_MS) };
  }

  succeeded(uid: string): void {
    delete this.items[uid];
  }

  /** Forgets objects that are gone. */
  keepOnly(live: ReadonlySet<string>): void {
    for (const uid of Object.keys(this.items)) if (!live.has(uid)) delete this.items[uid];
  }

  /** When the earliest waiting object may try again. */
  nextRetryAt(): number | undefined {
    const times = Object.values(this.items).map((i) => i.retryAt);
    return times.length ? Math.min(...times) : undefined;
  }

  save(): CreateBackOffState {
    return structuredClone(this.items);
  }

  load(state: CreateBackOffState | undefined): void {
    this.items = structuredClone(state ?? {});
  }
}
