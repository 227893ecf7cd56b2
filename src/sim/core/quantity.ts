/**
 * Resource quantities ("500m", "1.5", "128Mi", "1G", "1e3"), as in
 * k8s.io/apimachinery/pkg/api/resource. Parsing yields an exact value in
 * thousandths (milli-units) so that cpu and memory sums never drift.
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

export interface ParsedQuantity {
  /** The value times 1000, rounded up (the API rounds sub-milli values up). */
  milli: bigint;
  /** Which notation the text used; canonical form keeps the family. */
  format: "BinarySI" | "DecimalSI" | "DecimalExponent";
}

/** Returns undefined when the text is not a valid quantity. */
export function parseQuantity(input: string | number): ParsedQuantity | undefined {
  const text = typeof input === "number" ? String(input) : input.trim();
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [, sign, digits, suffix = "", exponent] = m;
  const [whole = "0", fraction = ""] = digits!.split(".");
  // value = (whole.fraction) * scale; work in integers: mantissa / 10^fraction.length
  const mantissa = BigInt((whole || "0") + fraction);
  let numerator = mantissa * 1000n;
  let denominator = 10n ** BigInt(fraction.length);
  let format: ParsedQuantity["format"] = "DecimalSI";
  if (exponent !== undefined) {
    format = "DecimalExponent";
    const e = Number(exponent);
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
  let milli = numerator / denominator;
  if (numerator % denominator !== 0n) milli += 1n;
  return { milli: sign === "-" ? -milli : milli, format };
}

/** Milli-units as a number (for CPU: millicores). Throws on invalid text; callers validate first. */
export function milliValue(input: string | number): number {
  const q = parseQuantity(input);
  if (!q) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  return Number(q.milli);
}

/** Whole units, rounded up (for memory: bytes). */
export function unitValue(input: string | number): number {
  const milli = milliValue(input);
  return Math.ceil(milli / 1000);
}
