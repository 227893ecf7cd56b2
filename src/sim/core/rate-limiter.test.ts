import { describe, expect, it } from "vitest";
import { TokenBucket } from "./rate-limiter.js";

// golang.org/x/time/rate semantics as client-go's token bucket limiter uses them.
describe("TokenBucket (client-go flowcontrol token bucket)", () => {
  it("allows the burst at once, then qps per second", () => {
    const bucket = new TokenBucket(20, 30);
    let taken = 0;
    while (bucket.tryAccept(0)) taken++;
    expect(taken).toBe(30);
    expect(bucket.nextTokenAt(0)).toBe(50);
    let later = 0;
    while (bucket.tryAccept(1000)) later++;
    expect(later).toBe(20);
  });
  it("never holds more than the burst, however long it was idle", () => {
    const bucket = new TokenBucket(20, 30);
    let taken = 0;
    while (bucket.tryAccept(3_600_000)) taken++;
    expect(taken).toBe(30);
  });
  it("round-trips its state", () => {
    const a = new TokenBucket(20, 30);
    for (let i = 0; i < 25; i++) a.tryAccept(0);
    const b = new TokenBucket(20, 30);
    b.load(JSON.parse(JSON.stringify(a.save())));
    expect(b.nextTokenAt(0)).toBe(a.nextTokenAt(0));
    let n = 0;
    while (b.tryAccept(0)) n++;
    expect(n).toBe(5);
  });
});
