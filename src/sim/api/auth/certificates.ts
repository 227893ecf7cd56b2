/**
 * Client certificates as kadet models them: a PEM block whose body, instead of
 * DER, is text naming the subject (`Subject: CN=jane, O=devs`). The x509
 * authenticator takes the user name from CN and a group from each O, as
 * kube-apiserver's does (k8s.io/apiserver/pkg/authentication/request/x509
 * CommonNameUserConversion). Signatures and the CA chain are not simulated.
 */
import { certificateUser, type UserInfo } from "./user.js";

const HEADER = "kadet certificate (not a real X.509 encoding)";

export function kadetCertificatePem(commonName: string, organizations: string[]): string {
  const subject = [`CN=${commonName}`, ...organizations.map((o) => `O=${o}`)].join(", ");
  const body = Buffer.from(`${HEADER}\nSubject: ${subject}\nIssuer: CN=kubernetes\n`, "utf8").toString("base64");
  return `-----BEGIN CERTIFICATE-----\n${body.replace(/(.{64})/g, "$1\n").replace(/\n$/, "")}\n-----END CERTIFICATE-----\n`;
}

/** The subject of a kadet certificate, or undefined when the PEM is not one. */
export function certificateSubject(pem: string): { commonName: string; organizations: string[] } | undefined {
  const m = pem.match(/-----BEGIN CERTIFICATE-----\s*([A-Za-z0-9+/=\s]+?)\s*-----END CERTIFICATE-----/);
  if (!m) return undefined;
  const text = Buffer.from(m[1]!.replace(/\s+/g, ""), "base64").toString("utf8");
  if (!text.startsWith(HEADER)) return undefined;
  const subject = text.match(/^Subject: (.*)$/m)?.[1];
  if (subject === undefined) return undefined;
  const fields = subject.split(", ").map((f) => f.split("="));
  const commonName = fields.find(([k]) => k === "CN")?.[1];
  if (commonName === undefined) return undefined;
  return { commonName, organizations: fields.filter(([k]) => k === "O").map(([, v]) => v ?? "") };
}

export function authenticateCertificate(pem: string): UserInfo | undefined {
  const subject = certificateSubject(pem);
  return subject ? certificateUser(subject.commonName, subject.organizations) : undefined;
}
