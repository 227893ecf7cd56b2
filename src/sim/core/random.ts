/**
 * Seeded randomness for the model: generated name suffixes, pod-template
 * hashes, allocated IPs. Same seed, same names, every run.
 */

/** The alphabet of k8s.io/apimachinery/pkg/util/rand.String: no vowels, no 0/1/3 look-alikes. */
const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
const HEX_DIGITS = "0123456789abcdef";

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  /** mulberry32: small, fast and good enough for names. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A suffix like the API server appends to generateName ("web-7d4b9c-x2x4k" ends in "x2x4k"). */
  nameSuffix(length = 5): string {
    let out = "";
    for (let i = 0; i < length; i++) out += NAME_ALPHABET[this.int(NAME_ALPHABET.length)];
    return out;
  }

  /** A version-4 shaped UUID. */
  uuid(): string {
    // One draw per digit, in order, as before: the same seed gives the same uids.
    const hex = (n: number) => {
      let out = "";
      for (let i = 0; i < n; i++) out += HEX_DIGITS[this.int(16)];
      return out;
    };
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[this.int(4)]}${hex(3)}-${hex(12)}`;
  }

  getState(): number {
    return this.state;
  }

  setState(state: number): void {
    this.state = state;
  }
}

/**
 * The hash kube-controller-manager puts in `pod-template-hash`: FNV-1a of the
 * template, written in decimal, each digit mapped through rand.SafeEncodeString
 * (which is why real hashes only use the characters 4-9, b, c, d, f).
 */
export function templateHash(template: unknown): string {
  // Stored objects are frozen, so an unchanged template is the same object: hash it once.
  if (template && typeof template === "object") {
    const known = hashes.get(template);
    if (known !== undefined) return known;
    const hash = computeTemplateHash(template);
    if (Object.isFrozen(template)) hashes.set(template, hash);
    return hash;
  }
  return computeTemplateHash(template);
}

const hashes = new WeakMap<object, string>();

function computeTemplateHash(template: unknown): string {
  const text = canonicalJson(template);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return [...String(h)].map((digit) => NAME_ALPHABET[digit.charCodeAt(0) % NAME_ALPHABET.length]).join("");
}

/** JSON with object keys sorted, so equal values always hash alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
