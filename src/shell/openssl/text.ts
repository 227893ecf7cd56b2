/**
 * What openssl 3.0 prints about a request or a certificate (`-text`,
 * `-subject`, `-dates`, ...), laid out as recorded in testdata/. The key
 * material is kadet's stand-in, so the modulus and signature bytes are
 * filler derived from the key id: the same key always shows the same bytes.
 */
import { fillerBytes, type DistinguishedName, type KadetCertificate, type KadetRequest } from "../../sim/api/auth/pem.js";

/** X509_NAME_print_ex with XN_FLAG_ONELINE: `CN = jane, O = dev`. */
export function onelineName(dn: DistinguishedName): string {
  return dn.map(([k, v]) => `${k} = ${v}`).join(", ");
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** ASN1_TIME_print: `Dec  4 21:40:34 2026 GMT`. */
export function asn1Time(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()} GMT`;
}

function hexLines(bytes: number[], perLine: number, indent: string, last = ""): string[] {
  const hex = bytes.map((b) => b.toString(16).padStart(2, "0"));
  const lines: string[] = [];
  for (let i = 0; i < hex.length; i += perLine) {
    const chunk = hex.slice(i, i + perLine).join(":");
    lines.push(`${indent}${chunk}${i + perLine < hex.length ? ":" : last}`);
  }
  return lines;
}

function publicKeyLines(keyId: string, bits: number, indent: string): string[] {
  const modulus = fillerBytes(`modulus:${keyId}`, bits / 8);
  modulus[0]! |= 0x80;
  return [
    `${indent}Subject Public Key Info:`,
    `${indent}    Public Key Algorithm: rsaEncryption`,
    `${indent}        Public-Key: (${bits} bit)`,
    `${indent}        Modulus:`,
    ...hexLines([0, ...modulus], 15, `${indent}            `),
    `${indent}        Exponent: 65537 (0x10001)`,
  ];
}

function signatureLines(seed: string, bits: number): string[] {
  return ["    Signature Algorithm: sha256WithRSAEncryption", "    Signature Value:", ...hexLines(fillerBytes(`signature:${seed}`, bits / 8), 18, "        ")];
}

export function requestText(req: KadetRequest): string {
  return [
    "Certificate Request:",
    "    Data:",
    "        Version: 1 (0x0)",
    `        Subject: ${onelineName(req.subject)}`,
    ...publicKeyLines(req.keyId, req.bits, "        "),
    "        Attributes:",
    "            (none)",
    "            Requested Extensions:",
    ...signatureLines(`${req.keyId}:${onelineName(req.subject)}`, req.bits),
    "",
  ].join("\n");
}

const KEY_USAGE_NAMES: Record<string, string> = {
  "digital signature": "Digital Signature",
  signing: "Digital Signature",
  "content commitment": "Non Repudiation",
  "key encipherment": "Key Encipherment",
  "key agreement": "Key Agreement",
  "data encipherment": "Data Encipherment",
  "cert sign": "Certificate Sign",
  "crl sign": "CRL Sign",
  "encipher only": "Encipher Only",
  "decipher only": "Decipher Only",
};
const EXTENDED_USAGE_NAMES: Record<string, string> = {
  "client auth": "TLS Web Client Authentication",
  "server auth": "TLS Web Server Authentication",
  "code signing": "Code Signing",
  "email protection": "E-mail Protection",
  "s/mime": "E-mail Protection",
  timestamping: "Time Stamping",
  "ocsp signing": "OCSP Signing",
  any: "Any Extended Key Usage",
};

/** openssl's serial: decimal and hex on one line while it fits in a long, as a signer's 63-bit serials do. */
function serialLines(serialHex: string): string[] {
  const value = BigInt(`0x${serialHex}`);
  if (value < 2n ** 63n) return [`        Serial Number: ${value.toString()} (0x${value.toString(16)})`];
  const hex = serialHex.length % 2 === 0 ? serialHex : `0${serialHex}`;
  return ["        Serial Number:", `            ${hex.match(/../g)!.join(":")}`];
}

/** The extensions Go's x509.CreateCertificate writes for a client certificate, in its order. */
function extensionLines(cert: KadetCertificate): string[] {
  const keyUsages = [...new Set(cert.usages.map((u) => KEY_USAGE_NAMES[u]).filter((u): u is string => u !== undefined))];
  const extended = [...new Set(cert.usages.map((u) => EXTENDED_USAGE_NAMES[u]).filter((u): u is string => u !== undefined))];
  const lines = ["        X509v3 extensions:"];
  if (keyUsages.length > 0) lines.push("            X509v3 Key Usage: critical", `                ${keyUsages.join(", ")}`);
  if (extended.length > 0) lines.push("            X509v3 Extended Key Usage: ", `                ${extended.join(", ")}`);
  lines.push("            X509v3 Basic Constraints: critical", "                CA:FALSE");
  const authorityKeyId = fillerBytes(`ski:${onelineName(cert.issuer)}`, 20).map((b) => b.toString(16).padStart(2, "0").toUpperCase());
  lines.push("            X509v3 Authority Key Identifier: ", `                ${authorityKeyId.join(":")}`);
  return lines;
}

export function certificateText(cert: KadetCertificate): string {
  return [
    "Certificate:",
    "    Data:",
    "        Version: 3 (0x2)",
    ...serialLines(cert.serial),
    "        Signature Algorithm: sha256WithRSAEncryption",
    `        Issuer: ${onelineName(cert.issuer)}`,
    "        Validity",
    `            Not Before: ${asn1Time(cert.notBefore)}`,
    `            Not After : ${asn1Time(cert.notAfter)}`,
    `        Subject: ${onelineName(cert.subject)}`,
    ...publicKeyLines(cert.keyId, cert.bits, "        "),
    ...extensionLines(cert),
    ...signatureLines(`${cert.serial}:${onelineName(cert.issuer)}`, 2048),
    "",
  ].join("\n");
}
