/**
 * Resource quantities ("500m", "1.5", "128Mi", "1G", "1e3"), as in
 * k8s.io/apimachinery/pkg/api/resource. Parsing yields exact values (nanos
 * for canonical form, milli-units for arithmetic) so that cpu and memory sums
 * never drift, and `canonicalQuantity` prints a value the way the API server
 * stores it (Quantity.String / CanonicalizeBytes): `0.5` → `500m`,
 * `1024Mi` → `1Gi`, `1.5Gi` → `1536Mi`.
 * https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

const BINARY: Record<string, bigint> = {
  Ki: 1024n,
  Mi: 1024n ** 2n,
  Gi: 1024n ** 3n,
  Ti: 1024n ** 4n,
  Pi: 1024n ** 5n,
  Ei: 1024n ** 6n,
};

/** Decimal SI suffixes as powers of ten. */
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/** The message the API server gives for text that is not a quantity (resource.ErrFormatWrong). */
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

export type QuantityFormat = "BinarySI" | "DecimalSI" | "DecimalExponent";

export interface ParsedQuantity {
  /** The value times 1000, rounded up (the API rounds sub-milli values up). */
  milli: bigint;
  /** Which notation the text used; canonical form keeps the family. */
  format: QuantityFormat;
}

/** An exact quantity: sign and magnitude in nano-units (the API's finest scale). */
interface NanoQuantity {
  negative: boolean;
  /** |value| × 10^9, rounded away from zero as resource.ParseQuantity does. */
  nanos: bigint;
  format: QuantityFormat;
}

/** value = numerator / denominator, magnitude rounded up (away from zero) to a multiple of 1/unitsPerOne. */
function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  const q = numerator / denominator;
  return numerator % denominator === 0n ? q : q + 1n;
}

function parseExact(input: string | number, unitsPerOne: bigint): { negative: boolean; units: bigint; format: QuantityFormat } | undefined {
  const text = typeof input === "number" ? numberText(input) : input;
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [, sign, digits, suffix = "", exponent] = m;
  const [whole = "0", fraction = ""] = digits!.split(".");
  const mantissa = BigInt((whole || "0") + fraction);
  let numerator = mantissa * unitsPerOne;
  let denominator = 10n ** BigInt(fraction.length);
  let format: QuantityFormat = "DecimalSI";
  if (exponent !== undefined) {
    format = "DecimalExponent";
    const e = Number(exponent);
    if (!Number.isSafeInteger(e) || Math.abs(e) > 2147483647) return undefined;
    if (e >= 0) numerator *= 10n ** BigInt(e);
    else denominator *= 10n ** BigInt(-e);
  } else if (suffix in BINARY) {
    format = "BinarySI";
    numerator *= BINARY[suffix]!;
  } else {
    const e = DECIMAL[suffix]!;
    if (e >= 0) numerator *= 10n ** BigInt(e);
    else denominator *= 10n ** BigInt(-e);
  }
  return { negative: sign === "-" && mantissa !== 0n, units: ceilDiv(numerator, denominator), format };
}

/** JSON numbers reach us as JS numbers; print them as Go's decoder sees the raw JSON text. */
function numberText(n: number): string {
  return Number.isFinite(n) ? String(n).replace("e+", "e") : "NaN";
}

/** Returns undefined when the text is not a valid quantity. Surrounding spaces are tolerated here (not by the API). */
export function parseQuantity(input: string | number): ParsedQuantity | undefined {
  const q = parseExact(typeof input === "number" ? input : input.trim(), 1000n);
  if (!q) return undefined;
  return { milli: q.negative ? -q.units : q.units, format: q.format };
}

/** True when the API server would accept the text as a quantity (no surrounding spaces allowed). */
export function isQuantity(input: string | number): boolean {
  return parseExact(input, 1n) !== undefined;
}

/** Milli-units as a number (for CPU: millicores). Throws on invalid text; callers validate first. */
export function milliValue(input: string | number): number {
  const q = parseQuantity(input);
  if (!q) throw new Error(QUANTITY_FORMAT_ERROR);
  return Number(q.milli);
}

/** Whole units, rounded up (for memory: bytes). */
export function unitValue(input: string | number): number {
  const milli = milliValue(input);
  return Math.ceil(milli / 1000);
}

/** Compares two quantities by value: negative, zero or positive. Undefined if either is invalid. */
export function compareQuantities(a: string | number, b: string | number): number | undefined {
  const x = parseNanos(a);
  const y = parseNanos(b);
  if (!x || !y) return undefined;
  const vx = x.negative ? -x.nanos : x.nanos;
  const vy = y.negative ? -y.nanos : y.nanos;
  return vx === vy ? 0 : vx < vy ? -1 : 1;
}

function parseNanos(input: string | number): NanoQuantity | undefined {
  const q = parseExact(input, 1_000_000_000n);
  return q && { negative: q.negative, nanos: q.units, format: q.format };
}

const DECIMAL_SUFFIX_BY_EXPONENT: Record<number, string> = { [-9]: "n", [-6]: "u", [-3]: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E" };
const BINARY_SUFFIX_BY_POWER = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
const NANOS_PER_ONE = 1_000_000_000n;

/**
 * The canonical text of a quantity, as the API server writes it back
 * (resource.Quantity.String → CanonicalizeBytes). Undefined when the text is
 * not a quantity.
 *  - BinarySI values that are whole and at least 1024 in magnitude keep a
 *    binary suffix, the largest that divides them exactly (`1024Mi` → `1Gi`);
 *    others fall back to DecimalSI (`0.5Ki` → `512`).
 *  - DecimalSI uses the largest power-of-1000 suffix that keeps an integer
 *    mantissa (`1000m` → `1`, `0.5` → `500m`, `1080m` stays).
 *  - DecimalExponent does the same with `eN` instead of a suffix.
 */
export function canonicalQuantity(input: string | number): string | undefined {
  const q = parseNanos(input);
  return q && formatCanonical(q);
}

/**
 * Canonical text of a value in a ResourceList (container requests and
 * limits, quotas, capacity): SetDefaults_ResourceList first rounds up to
 * milli scale (`0.1m` → `1m`), then the quantity prints canonically.
 */
export function canonicalResourceQuantity(input: string | number): string | undefined {
  const q = parseExact(input, 1000n);
  return q && formatCanonical({ negative: q.negative, nanos: q.units * 1_000_000n, format: q.format });
}

function formatCanonical(q: NanoQuantity): string {
  if (q.nanos === 0n) return "0";
  const sign = q.negative ? "-" : "";
  let format = q.format;
  if (format === "BinarySI") {
    const whole = q.nanos % NANOS_PER_ONE === 0n;
    if (q.nanos < 1024n * NANOS_PER_ONE || !whole) format = "DecimalSI";
  }
  if (format === "BinarySI") {
    let mantissa = q.nanos / NANOS_PER_ONE;
    let power = 0;
    while (power < BINARY_SUFFIX_BY_POWER.length - 1 && mantissa % 1024n === 0n) {
      mantissa /= 1024n;
      power++;
    }
    return `${sign}${mantissa}${BINARY_SUFFIX_BY_POWER[power]}`;
  }
  let mantissa = q.nanos;
  let exponent = -9;
  while (mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    exponent += 3;
  }
  if (format === "DecimalExponent") return `${sign}${mantissa}${exponent === 0 ? "" : `e${exponent}`}`;
  const suffix = DECIMAL_SUFFIX_BY_EXPONENT[exponent];
  // DecimalSI has no suffix beyond E (10^18): upstream falls back to exponent notation.
  return suffix === undefined ? `${sign}${mantissa}e${exponent}` : `${sign}${mantissa}${suffix}`;
}

/**
 * a + b as resource.Quantity.Add leaves it, in canonical text: the sum keeps
 * the first operand's notation unless that operand is zero, in which case it
 * takes the second's (so quota usage that starts at 0 and adds `128Mi` reads
 * `128Mi`). Undefined when either text is not a quantity.
 */
export function addQuantities(a: string | number, b: string | number): string | undefined {
  return combine(a, b, 1n);
}

/** a − b, with the notation rule of addQuantities (Quantity.Sub). */
export function subtractQuantities(a: string | number, b: string | number): string | undefined {
  return combine(a, b, -1n);
}

function combine(a: string | number, b: string | number, sign: bigint): string | undefined {
  const x = parseNanos(a);
  const y = parseNanos(b);
  if (!x || !y) return undefined;
  const value = (x.negative ? -x.nanos : x.nanos) + sign * (y.negative ? -y.nanos : y.nanos);
  const format = x.nanos === 0n ? y.format : x.format;
  return formatCanonical({ negative: value < 0n, nanos: value < 0n ? -value : value, format });
}

/** The notation a quantity text is in (Quantity.Format after parsing). */
export function quantityFormat(input: string | number): QuantityFormat | undefined {
  return parseNanos(input)?.format;
}

/** resource.NewQuantity(q.Value(), format).String(): the value rounded up to a whole unit, printed in another notation. */
export function quantityInFormat(input: string | number, format: QuantityFormat): string | undefined {
  const q = parseNanos(input);
  if (!q) return undefined;
  const whole = ceilDiv(q.nanos, NANOS_PER_ONE);
  return formatCanonical({ negative: q.negative, nanos: whole * NANOS_PER_ONE, format });
}
