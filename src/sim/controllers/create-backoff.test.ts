/** The work queue's per-item back-off (client-go workqueue.DefaultControllerRateLimiter: 5 ms doubling, at most 1000 s). */
import { describe, expect, it } from "vitest";
import { CreateBackOff } from "./create-backoff.js";

describe("CreateBackOff", () => {
  it("waits 5 ms after the first failure, doubling after each, capped at 1000 s; a success clears it", () => {
    const b = new CreateBackOff();
    b.failed("rs", 0);
    expect([b.waiting("rs", 4), b.waiting("rs", 5)]).toEqual([true, false]);
    b.failed("rs", 5);
    expect(b.nextRetryAt()).toBe(15);
    for (let i = 0; i < 30; i++) b.failed("rs", 100);
    expect(b.nextRetryAt()).toBe(100 + 1_000_000);
    b.succeeded("rs");
    expect([b.waiting("rs", 101), b.nextRetryAt()]).toEqual([false, undefined]);
  });
  it("forgets objects that are gone and survives a save and load", () => {
    const b = new CreateBackOff();
    b.failed("a", 0);
    b.failed("b", 0);
    b.keepOnly(new Set(["b"]));
    const copy = new CreateBackOff();
    copy.load(b.save());
    expect([copy.waiting("a", 1), copy.waiting("b", 1)]).toEqual([false, true]);
  });
});
