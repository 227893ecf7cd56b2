/**
 * A token bucket as client-go's flowcontrol.NewTokenBucketRateLimiter (golang.org/x/time/rate):
 * `burst` requests at once, then `qps` per second. kube-controller-manager's API client uses one
 * with --kube-api-qps=20 and --kube-api-burst=30 by default, which is why a Deployment scaled to
 * thousands of replicas fills up over minutes on a real cluster rather than at once. Time is
 * the model's virtual clock in milliseconds; the state is plain data for snapshots.
 */
export interface TokenBucketState {
  tokens: number;
  at: number;
}

export class TokenBucket {
  private state: TokenBucketState;

  constructor(
    private readonly qps: number,
    private readonly burst: number,
    now = 0,
  ) {
    this.state = { tokens: burst, at: now };
  }

  /** Takes a token if one is available at `now`. */
  tryAccept(now: number): boolean {
    this.refill(now);
    if (this.state.tokens < 1) return false;
    this.state.tokens -= 1;
    return true;
  }

  /** How many requests tryAccept would accept at `now`, one after the other. */
  available(now: number): number {
    this.refill(now);
    return Math.floor(this.state.tokens);
  }

  /** When the next token will be there (now, if one is). */
  nextTokenAt(now: number): number {
    this.refill(now);
    if (this.state.tokens >= 1) return now;
    return now + Math.ceil(((1 - this.state.tokens) / this.qps) * 1000);
  }

  save(): TokenBucketState {
    return { ...this.state };
  }

  load(state: TokenBucketState): void {
    this.state = { ...state };
  }

  private refill(now: number): void {
    if (now <= this.state.at) return;
    this.state.tokens = Math.min(this.burst, this.state.tokens + ((now - this.state.at) / 1000) * this.qps);
    this.state.at = now;
  }
}
