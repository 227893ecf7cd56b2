/**
 * kube-controller-manager's csrsigning controller for the
 * kubernetes.io/kube-apiserver-client signer (pkg/controller/certificates/signer):
 * an approved, not failed request gets a certificate signed by the cluster CA
 * in status.certificate, with the lifetime PermissiveSigningPolicy gives it
 * (backdated 5 minutes, the requested expirationSeconds within 10 minutes and
 * --cluster-signing-duration, 8760h). Requests whose usages the signer does
 * not allow get a Failed condition instead.
 */
import { CLUSTER_CA_SUBJECT } from "../api/auth/certificates.js";
import { encodePem } from "../api/auth/pem.js";
import { KUBE_APISERVER_CLIENT_SIGNER } from "../api/admission/plugins/certificates.js";
import { parseCertificateRequest, requestBytes } from "../api/admission/validation-certificates.js";
import { kindNamed } from "../api/kinds.js";
import type { StoredObject } from "../api/types.js";
import type { Loop } from "../core/loop.js";
import type { World } from "../world/world.js";

const CSR = kindNamed("CertificateSigningRequest")!;
const MINUTE = 60_000;
/** --cluster-signing-duration's default. */
export const CLUSTER_SIGNING_DURATION_MS = 8760 * 60 * MINUTE;
const BACKDATE_MS = 5 * MINUTE;
const SHORT_MS = 8 * 60 * MINUTE;

type Condition = { type?: string; status?: string };
type Csr = StoredObject & { spec?: { signerName?: string; usages?: string[]; expirationSeconds?: number }; status?: { conditions?: Condition[]; certificate?: string } };

/** validAPIServerClientUsages: client auth required; digital signature and key encipherment optional. */
export function apiServerClientUsagesError(usages: readonly string[]): string | undefined {
  for (const u of usages) if (u !== "digital signature" && u !== "key encipherment" && u !== "client auth") return `invalid usage for client certificate: ${u}`;
  return usages.includes("client auth") ? undefined : "missing required usage for client certificate: client auth";
}

/** signer.duration: the requested lifetime, bounded by 10 minutes and the signing duration. */
export function certificateTtl(expirationSeconds: number | undefined): number {
  if (expirationSeconds === undefined) return CLUSTER_SIGNING_DURATION_MS;
  return Math.min(CLUSTER_SIGNING_DURATION_MS, Math.max(10 * MINUTE, expirationSeconds * 1000));
}

const isApproved = (conditions: Condition[]) => !conditions.some((c) => c.type === "Denied") && conditions.some((c) => c.type === "Approved");

export class CertificateSigningController implements Loop<World> {
  readonly name = "csrsigning-controller";
  private settled: string | undefined;

  reconcile(world: World): boolean {
    const seen = world.api.changesOf(CSR);
    if (seen === this.settled) return false;
    let changed = false;
    for (const csr of world.api.list<Csr>(CSR)) {
      const conditions = csr.status?.conditions ?? [];
      if (csr.spec?.signerName !== KUBE_APISERVER_CLIENT_SIGNER || !isApproved(conditions) || conditions.some((c) => c.type === "Failed") || csr.status?.certificate) continue;
      const parsed = parseCertificateRequest(requestBytes(csr));
      if (!parsed.ok) continue;
      const now = world.clock.now();
      const usagesError = apiServerClientUsagesError(csr.spec.usages ?? []);
      const status = structuredClone(csr.status ?? {});
      if (usagesError) {
        status.conditions = [...conditions, { type: "Failed", status: "True", reason: "SignerValidationFailure", message: usagesError, lastUpdateTime: world.clock.nowIso(), lastTransitionTime: world.clock.nowIso() } as Condition];
      } else {
        const ttl = certificateTtl(csr.spec.expirationSeconds);
        const pem = encodePem({
          type: "CERTIFICATE",
          subject: parsed.request.subject,
          issuer: CLUSTER_CA_SUBJECT,
          bits: parsed.request.bits,
          keyId: parsed.request.keyId,
          // authority.go: a random serial in [1, MaxInt64).
          serial: serialFrom(world.rng.uuid()),
          // Whole seconds, as X.509 times are.
          notBefore: Math.floor((now - BACKDATE_MS) / 1000) * 1000,
          notAfter: Math.floor((ttl < SHORT_MS ? now + ttl : now + ttl - BACKDATE_MS) / 1000) * 1000,
          usages: csr.spec.usages ?? [],
        });
        status.certificate = Buffer.from(pem, "utf8").toString("base64");
      }
      if (world.api.updateStatus(CSR, { ...csr, status }).ok) changed = true;
    }
    if (!changed) this.settled = seen;
    return changed;
  }
}

/** 63 bits of a random uuid, never zero, as hex: the range authority.Sign draws serials from. */
function serialFrom(uuid: string): string {
  const value = (BigInt(`0x${uuid.replace(/-/g, "").slice(0, 16)}`) & 0x7fffffffffffffffn) || 1n;
  return value.toString(16);
}
