/**
 * The one place points are computed. Points are kept as integer hundredths ("cents") so that
 * no float ever drifts: each check's share of the exercise's points is allocated by the
 * largest-remainder method, so the shares always add up to the exercise's points exactly, and
 * a score is a sum of integers. Only `toPoints` turns cents back into the decimal people read.
 */

/** Points are written with at most two decimals (content-format.md). */
export const POINT_DECIMALS = 2;
const CENTS = 10 ** POINT_DECIMALS;
/** Weights may have at most three decimals, so they become exact integers too. */
export const WEIGHT_DECIMALS = 3;
const WEIGHT_UNIT = 10 ** WEIGHT_DECIMALS;

/** True when `value` has at most `decimals` decimals (within float noise of the literal). */
export function hasAtMostDecimals(value: number, decimals: number): boolean {
  const scaled = value * 10 ** decimals;
  return Number.isFinite(scaled) && Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

/** Decimal points (10, 12.5) to integer cents (1000, 1250). */
export function toCents(points: number): number {
  if (!hasAtMostDecimals(points, POINT_DECIMALS)) throw new RangeError(`points must have at most ${POINT_DECIMALS} decimals, got ${points}`);
  return Math.round(points * CENTS);
}

/** Integer cents back to decimal points; the nearest double to an exact two-decimal value. */
export function toPoints(cents: number): number {
  return cents / CENTS;
}

function weightUnits(weight: number): number {
  if (!(weight > 0) || !hasAtMostDecimals(weight, WEIGHT_DECIMALS)) throw new RangeError(`weights must be positive with at most ${WEIGHT_DECIMALS} decimals, got ${weight}`);
  return Math.round(weight * WEIGHT_UNIT);
}

/**
 * Splits `totalCents` among `weights` in proportion, by the largest-remainder (Hamilton)
 * method: everyone gets the floor of their exact share, and the cents left over go one each to
 * the largest remainders, earlier checks first on ties, so the split is deterministic.
 */
export function allocateCents(totalCents: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const units = weights.map(weightUnits);
  const totalUnits = units.reduce((a, b) => a + b, 0);
  // Exact share of check i is totalCents * units[i] / totalUnits; all integers below 2^53.
  const floors = units.map((u) => Math.floor((totalCents * u) / totalUnits));
  const remainders = units.map((u, i) => ({ i, rest: totalCents * u - floors[i]! * totalUnits }));
  let left = totalCents - floors.reduce((a, b) => a + b, 0);
  remainders.sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of remainders) {
    if (left === 0) break;
    floors[i]!++;
    left--;
  }
  return floors;
}

export interface ScoredShare {
  /** What the check is worth, in cents. */
  cents: number;
  passed: boolean;
}

export interface Score {
  /** Earned, in cents. */
  scoreCents: number;
  maxCents: number;
  /** Per check, in the author's order. */
  shares: ScoredShare[];
}

/** The score of one graded attempt: each check's share, and the sum of the passed ones. */
export function scoreChecks(points: number, checks: readonly { weight: number; passed: boolean }[]): Score {
  const maxCents = toCents(points);
  const cents = allocateCents(maxCents, checks.map((c) => c.weight));
  const shares = checks.map((c, i) => ({ cents: cents[i]!, passed: c.passed }));
  const scoreCents = shares.reduce((sum, s) => sum + (s.passed ? s.cents : 0), 0);
  // With no checks nothing can be earned; the maximum stays the exercise's points.
  return { scoreCents, maxCents, shares };
}

/** The exact sum of point values (each at most two decimals): 0.1 + 0.2 is 0.3 here. */
export function sumPoints(points: readonly number[]): number {
  return toPoints(points.reduce((cents, p) => cents + toCents(p), 0));
}

/** Points as people read them: "10", "3.5", "3.33" (never "3.3300000000000001"). */
export function formatPoints(points: number): string {
  const cents = Math.round(points * CENTS);
  if (cents % CENTS === 0) return String(cents / CENTS);
  return (cents / CENTS).toFixed(POINT_DECIMALS).replace(/0$/, "");
}
