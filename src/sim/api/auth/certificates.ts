/**
 * Client certificates as kube-apiserver's x509 authenticator reads them
 * (k8s.io/apiserver/pkg/authentication/request/x509): the user name from CN
 * and a group from each O (CommonNameUserConversion). The certificates are
 * kadet's stand-ins (pem.ts): the chain is not verified, but a certificate
 * outside its validity period is refused, as x509.Verify refuses it.
 */
import { commonNameOf, decodePem, encodePem, organizationsOf, type KadetCertificate } from "./pem.js";
import { certificateUser, type UserInfo } from "./user.js";
import { parseTimestamp } from "../../core/clock.js";

/** The issuer of every certificate a kadet cluster signs: kubeadm's cluster CA. */
export const CLUSTER_CA_SUBJECT = [["CN", "kubernetes"]] as const;

export function kadetCertificatePem(commonName: string, organizations: string[], validity: { notBefore: number; notAfter: number } = { notBefore: 0, notAfter: parseTimestamp("9999-12-31T23:59:59Z") }): string {
  return encodePem({
    type: "CERTIFICATE",
    subject: [["CN", commonName], ...organizations.map((o) => ["O", o] as const)],
    issuer: CLUSTER_CA_SUBJECT,
    bits: 2048,
    keyId: `cert-${commonName}`,
    serial: "01",
    ...validity,
    usages: ["digital signature", "key encipherment", "client auth"],
  });
}

/** The kadet certificate in a PEM text, or undefined when the text is not one. */
export function readCertificate(pem: string): KadetCertificate | undefined {
  const decoded = decodePem(pem);
  return decoded?.type === "CERTIFICATE" ? decoded : undefined;
}

/** The subject of a kadet certificate, or undefined when the PEM is not one. */
export function certificateSubject(pem: string): { commonName: string; organizations: string[] } | undefined {
  const cert = readCertificate(pem);
  const commonName = cert && commonNameOf(cert.subject);
  return commonName === undefined ? undefined : { commonName, organizations: organizationsOf(cert!.subject) };
}

export type CertificateAuthentication = { ok: true; user: UserInfo } | { ok: false; reason: "not-kadet" | "expired" | "not-yet-valid" };

/** What the x509 authenticator makes of a client certificate at `now`. */
export function authenticateCertificateAt(pem: string, now: number): CertificateAuthentication {
  const cert = readCertificate(pem);
  const commonName = cert && commonNameOf(cert.subject);
  if (!cert || commonName === undefined) return { ok: false, reason: "not-kadet" };
  if (now > cert.notAfter) return { ok: false, reason: "expired" };
  if (now < cert.notBefore) return { ok: false, reason: "not-yet-valid" };
  return { ok: true, user: certificateUser(commonName, organizationsOf(cert.subject)) };
}

export function authenticateCertificate(pem: string): UserInfo | undefined {
  const cert = readCertificate(pem);
  const commonName = cert && commonNameOf(cert.subject);
  return commonName === undefined ? undefined : certificateUser(commonName, organizationsOf(cert!.subject));
}
