/**
 * CertificateSigningRequest validation, in the words of
 * pkg/apis/certificates/validation/validation.go (1.32) and
 * ValidateSignerName of pkg/apis/core/validation. The request must be a
 * PEM "CERTIFICATE REQUEST" block; kadet reads its own stand-ins
 * (auth/pem.ts), since no real PKCS#10 can be made in the sandbox.
 */
import { decodePem, firstPemBlock, type KadetRequest } from "../auth/pem.js";
import type { FieldError } from "../errors.js";
import type { KubeObject } from "../types.js";
import { dns1123LabelErrors, duplicate, forbidden, invalidGoValue, invalidValue, required, unsupported } from "./messages.js";

/** allValidUsages, sorted as sets.String.List() returns it. */
export const VALID_USAGES = [
  "any", "cert sign", "client auth", "code signing", "content commitment", "crl sign", "data encipherment", "decipher only",
  "digital signature", "email protection", "encipher only", "ipsec end system", "ipsec tunnel", "ipsec user", "key agreement",
  "key encipherment", "microsoft sgc", "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing", "timestamping",
] as const;

const LEGACY_UNKNOWN_SIGNER = "kubernetes.io/legacy-unknown";
const TRUE_ONLY_CONDITIONS = new Set(["Approved", "Denied", "Failed"]);

interface Condition {
  type?: string;
  status?: string;
  [k: string]: unknown;
}
interface CsrLike {
  spec?: { request?: string; signerName?: string; usages?: string[]; expirationSeconds?: number };
  status?: { conditions?: Condition[]; certificate?: string };
}

/** Which update path is writing: the approval and status subresources may each change one thing. */
export interface CsrWritePath {
  allowSettingApprovalConditions?: boolean;
  allowSettingCertificate?: boolean;
}

/** `%#v` of a []byte, as field.Invalid prints spec.request. */
function goBytes(bytes: Buffer): string {
  return `[]byte{${[...bytes].map((b) => `0x${b.toString(16)}`).join(", ")}}`;
}

/** The request's bytes (base64 in JSON), or an empty buffer. */
export function requestBytes(obj: KubeObject): Buffer {
  const request = (obj as CsrLike).spec?.request;
  return typeof request === "string" ? Buffer.from(request.replace(/[\r\n]/g, ""), "base64") : Buffer.alloc(0);
}

/** certificates.ParseCSR, on kadet's stand-ins: the parsed request or the reason it is not one. */
export function parseCertificateRequest(bytes: Buffer): { ok: true; request: KadetRequest } | { ok: false; reason: string } {
  const text = bytes.toString("utf8");
  const block = firstPemBlock(text);
  if (!block || block.type !== "CERTIFICATE REQUEST") return { ok: false, reason: "PEM block type must be CERTIFICATE REQUEST" };
  const decoded = decodePem(text);
  if (decoded?.type !== "CERTIFICATE REQUEST") {
    return { ok: false, reason: "kadet: this request was not made by kadet's openssl (kadet cannot parse real PKCS#10 DER; make the key and request in the sandbox with openssl genrsa and openssl req)" };
  }
  return { ok: true, request: decoded };
}

/** ValidateSignerName: a fully qualified domain, a slash, a path. */
function signerNameErrors(signerName: string | undefined): FieldError[] {
  const path = "spec.signerName";
  if (!signerName) return [required(path)];
  const segments = signerName.split("/");
  if (segments.length !== 2) return [invalidValue(path, signerName, "must be a fully qualified domain and path of the form 'example.com/signer-name'")];
  const errs: FieldError[] = [];
  const labels = segments[0]!.split(".");
  // Only the first bad label is reported: the others would read the same.
  for (const label of labels) {
    const labelErrs = dns1123LabelErrors(label);
    errs.push(...labelErrs.map((e) => invalidValue(path, segments[0], `validating label ${JSON.stringify(label)}: ${e}`)));
    if (labelErrs.length > 0) break;
  }
  if (labels.length < 2) errs.push(invalidValue(path, segments[0], "should be a domain with at least two segments separated by dots"));
  return errs;
}

function conditionErrors(conditions: Condition[]): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  let approved = false;
  let denied = false;
  conditions.forEach((c, i) => {
    const at = `status.conditions[${i}]`;
    if (!c.type) errs.push(required(`${at}.type`));
    const allowed = TRUE_ONLY_CONDITIONS.has(c.type ?? "") ? ["True"] : ["False", "True", "Unknown"];
    if (!c.status) errs.push(required(`${at}.status`));
    else if (!allowed.includes(c.status)) errs.push(unsupported(`${at}.status`, c.status, allowed));
    if (c.type === "Approved") {
      approved = true;
      if (denied) errs.push(invalidValue(`${at}.type`, c.type, "Approved and Denied conditions are mutually exclusive"));
    } else if (c.type === "Denied") {
      denied = true;
      if (approved) errs.push(invalidValue(`${at}.type`, c.type, "Approved and Denied conditions are mutually exclusive"));
    }
    if (c.type !== undefined && seen.has(c.type)) errs.push(duplicate(`${at}.type`, c.type));
    if (c.type !== undefined) seen.add(c.type);
  });
  return errs;
}

/** validateCertificateSigningRequest (create), then the update rules when `old` is given. */
export function validateCertificateSigningRequest(obj: KubeObject, old?: KubeObject, path: CsrWritePath = {}): FieldError[] {
  const csr = obj as CsrLike;
  const errs: FieldError[] = [];
  const bytes = requestBytes(obj);
  const parsed = parseCertificateRequest(bytes);
  if (!parsed.ok) errs.push(invalidGoValue("spec.request", goBytes(bytes), parsed.reason));
  const usages = csr.spec?.usages ?? [];
  if (usages.length === 0) errs.push(required("spec.usages"));
  usages.forEach((u, i) => {
    if (!(VALID_USAGES as readonly string[]).includes(u)) errs.push(unsupported(`spec.usages[${i}]`, u, VALID_USAGES));
  });
  usages.forEach((u, i) => {
    if (usages.indexOf(u) !== i) errs.push(duplicate(`spec.usages[${i}]`, u));
  });
  const signerName = csr.spec?.signerName;
  const legacyAllowed = (old as CsrLike | undefined)?.spec?.signerName === LEGACY_UNKNOWN_SIGNER;
  if (signerName === LEGACY_UNKNOWN_SIGNER && !legacyAllowed) errs.push(invalidValue("spec.signerName", signerName, "the legacy signerName is not allowed via this API version"));
  else errs.push(...signerNameErrors(signerName));
  const expiration = csr.spec?.expirationSeconds;
  if (typeof expiration === "number" && expiration < 600) errs.push(invalidValue("spec.expirationSeconds", expiration, "may not specify a duration less than 600 seconds (10 minutes)"));
  errs.push(...conditionErrors(csr.status?.conditions ?? []));
  if (old) errs.push(...updateErrors(csr, old as CsrLike, path));
  return errs;
}

const conditionsOfType = (csr: CsrLike, type: string) => (csr.status?.conditions ?? []).filter((c) => c.type === type);

function updateErrors(csr: CsrLike, old: CsrLike, path: CsrWritePath): FieldError[] {
  const errs: FieldError[] = [];
  for (const type of ["Approved", "Denied", "Failed"]) {
    if (conditionsOfType(csr, type).length < conditionsOfType(old, type).length) errs.push(forbidden("status.conditions", `updates may not remove a condition of type ${JSON.stringify(type)}`));
  }
  if (!path.allowSettingApprovalConditions) {
    for (const type of ["Approved", "Denied"]) {
      const [was, now] = [conditionsOfType(old, type), conditionsOfType(csr, type)];
      if (now.length > was.length) errs.push(forbidden("status.conditions", `updates may not add a condition of type ${JSON.stringify(type)}`));
    }
  }
  const [oldCert, newCert] = [old.status?.certificate ?? "", csr.status?.certificate ?? ""];
  if (oldCert !== newCert) {
    if (!path.allowSettingCertificate) errs.push(forbidden("status.certificate", "updates may not set certificate content"));
    else if (oldCert !== "") errs.push(forbidden("status.certificate", "updates may not modify existing certificate content"));
  }
  return errs;
}
