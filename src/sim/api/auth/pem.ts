/**
 * kadet's stand-ins for the PEM files of a PKI: a private key, a certificate
 * request (PKCS#10) and a certificate (X.509). Each is a real PEM block whose
 * body, instead of DER, is readable text naming what the model needs to read
 * back: the subject, the key the request or certificate belongs to, and for a
 * certificate its issuer, serial, validity and usages. No cryptography is
 * simulated: a "signature" is the issuer's name, and keys match by their id.
 */

/** A distinguished name as openssl's `-subj /CN=jane/O=dev` lists it: ordered attribute/value pairs. */
export type DistinguishedName = readonly (readonly [string, string])[];

export interface KadetKey {
  type: "PRIVATE KEY";
  bits: number;
  /** What ties a key to the requests and certificates made from it. */
  keyId: string;
}

export interface KadetRequest {
  type: "CERTIFICATE REQUEST";
  subject: DistinguishedName;
  bits: number;
  keyId: string;
}

export interface KadetCertificate {
  type: "CERTIFICATE";
  subject: DistinguishedName;
  issuer: DistinguishedName;
  bits: number;
  keyId: string;
  /** Hex, as openssl prints it without colons. */
  serial: string;
  /** Milliseconds on the virtual clock. */
  notBefore: number;
  notAfter: number;
  /** certificates.k8s.io key usages ("digital signature", "client auth"). */
  usages: readonly string[];
}

export type KadetPem = KadetKey | KadetRequest | KadetCertificate;

const HEADERS: Record<KadetPem["type"], string> = {
  "PRIVATE KEY": "kadet private key (not a real RSA key)",
  "CERTIFICATE REQUEST": "kadet certificate request (not a real PKCS#10 encoding)",
  CERTIFICATE: "kadet certificate (not a real X.509 encoding)",
};

/** `CN=jane, O=dev`, with `,` and `\` escaped so that the text splits back into the same pairs. */
export function formatDn(dn: DistinguishedName): string {
  return dn.map(([k, v]) => `${k}=${v.replace(/[\\,]/g, (c) => `\\${c}`)}`).join(", ");
}

export function parseDn(text: string): DistinguishedName {
  const pairs: [string, string][] = [];
  if (text === "") return pairs;
  let current = "";
  const flush = () => {
    const eq = current.indexOf("=");
    pairs.push([current.slice(0, eq), current.slice(eq + 1)]);
    current = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length) current += text[++i];
    else if (c === "," && text[i + 1] === " ") {
      flush();
      i++;
    } else current += c;
  }
  flush();
  return pairs;
}

function bodyLines(pem: KadetPem): string[] {
  const lines = [HEADERS[pem.type]];
  if (pem.type !== "PRIVATE KEY") lines.push(`Subject: ${formatDn(pem.subject)}`);
  if (pem.type === "CERTIFICATE") {
    lines.push(`Issuer: ${formatDn(pem.issuer)}`, `Serial: ${pem.serial}`, `Not Before: ${new Date(pem.notBefore).toISOString()}`, `Not After: ${new Date(pem.notAfter).toISOString()}`, `Usages: ${pem.usages.join(", ")}`);
  }
  lines.push(`Key: ${pem.keyId}`, `Bits: ${pem.bits}`);
  return lines;
}

/** The PEM text of a stand-in, 64 base64 characters a line as openssl writes. */
export function encodePem(pem: KadetPem): string {
  const body = Buffer.from(`${bodyLines(pem).join("\n")}\n`, "utf8").toString("base64");
  return `-----BEGIN ${pem.type}-----\n${body.replace(/(.{64})/g, "$1\n").replace(/\n$/, "")}\n-----END ${pem.type}-----\n`;
}

/** The first PEM block of a text, as Go's pem.Decode finds it: its type and raw body bytes. */
export function firstPemBlock(text: string): { type: string; bytes: Buffer } | undefined {
  const m = text.match(/-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/);
  if (!m) return undefined;
  const body = m[2]!.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) return undefined;
  return { type: m[1]!, bytes: Buffer.from(body, "base64") };
}

/** Reads a stand-in back from PEM text; undefined when the text holds no kadet PEM block. */
export function decodePem(text: string): KadetPem | undefined {
  const block = firstPemBlock(text);
  if (!block || !(block.type in HEADERS)) return undefined;
  const type = block.type as KadetPem["type"];
  const lines = block.bytes.toString("utf8").split("\n");
  if (lines[0] !== HEADERS[type]) return undefined;
  const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
  const keyId = field("Key");
  const bits = Number(field("Bits"));
  if (keyId === undefined || !Number.isInteger(bits)) return undefined;
  if (type === "PRIVATE KEY") return { type, bits, keyId };
  const subject = field("Subject");
  if (subject === undefined) return undefined;
  if (type === "CERTIFICATE REQUEST") return { type, subject: parseDn(subject), bits, keyId };
  const [issuer, serial, notBefore, notAfter, usages] = ["Issuer", "Serial", "Not Before", "Not After", "Usages"].map(field);
  if (issuer === undefined || serial === undefined || notBefore === undefined || notAfter === undefined) return undefined;
  return {
    type,
    subject: parseDn(subject),
    issuer: parseDn(issuer),
    bits,
    keyId,
    serial,
    notBefore: Date.parse(notBefore),
    notAfter: Date.parse(notAfter),
    usages: usages ? usages.split(", ").filter((u) => u !== "") : [],
  };
}

/** FNV-1a over a text, as 8 hex digits: how the stand-ins derive ids and filler bytes deterministically. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/** `count` bytes that depend only on `seed` (xorshift32): the modulus and signature openssl -text shows. */
export function fillerBytes(seed: string, count: number): number[] {
  let x = parseInt(fnv1a(seed), 16) || 1;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out.push(x & 0xff);
  }
  return out;
}

export const commonNameOf = (dn: DistinguishedName): string | undefined => dn.find(([k]) => k === "CN")?.[1];
export const organizationsOf = (dn: DistinguishedName): string[] => dn.filter(([k]) => k === "O").map(([, v]) => v);
