/**
 * The certificates.k8s.io admission plugins kube-apiserver enables by default
 * (plugin/pkg/admission/certificates): CertificateApproval (approving asks for
 * the `approve` verb on the request's signer) and CertificateSubjectRestriction
 * (no kube-apiserver-client certificate for the system:masters group).
 */
import { organizationsOf } from "../../auth/pem.js";
import type { UserInfo } from "../../auth/user.js";
import { parseCertificateRequest, requestBytes } from "../validation-certificates.js";
import { forbidden, type AdmissionAttributes, type AdmissionPlugin } from "./plugin.js";

export const KUBE_APISERVER_CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client";

const signerNameOf = (attributes: AdmissionAttributes) => String((attributes.object.spec as { signerName?: unknown } | undefined)?.signerName ?? "");

/**
 * certificates.IsAuthorizedForSignerName: the verb on `signers` named by the signer itself,
 * or by its domain with a wildcard (`kubernetes.io/*`).
 */
export function isAuthorizedForSignerName(attributes: AdmissionAttributes, user: UserInfo, verb: string, signerName: string): boolean {
  const ask = (name: string) =>
    attributes.lookup.authorize({ user, verb, resourceRequest: true, apiGroup: "certificates.k8s.io", resource: "signers", subresource: "", namespace: "", name, path: "" }).allowed;
  if (ask(signerName)) return true;
  const slash = signerName.indexOf("/");
  return slash !== -1 && ask(`${signerName.slice(0, slash)}/*`);
}

export const certificateApproval = {
  name: "CertificateApproval",
  validate: (attributes) => {
    if (attributes.info.kind !== "CertificateSigningRequest" || attributes.subresource !== "approval" || !attributes.user) return undefined;
    const signerName = signerNameOf(attributes);
    if (isAuthorizedForSignerName(attributes, attributes.user, "approve", signerName)) return undefined;
    return forbidden(attributes, `user not permitted to approve requests with signerName ${JSON.stringify(signerName)}`);
  },
} satisfies AdmissionPlugin;

export const certificateSubjectRestriction = {
  name: "CertificateSubjectRestriction",
  validate: (attributes) => {
    if (attributes.operation !== "CREATE" || attributes.info.kind !== "CertificateSigningRequest" || attributes.subresource) return undefined;
    const signerName = signerNameOf(attributes);
    if (signerName !== KUBE_APISERVER_CLIENT_SIGNER) return undefined;
    const parsed = parseCertificateRequest(requestBytes(attributes.object));
    if (!parsed.ok) return undefined;
    if (organizationsOf(parsed.request.subject).includes("system:masters")) {
      return forbidden(attributes, `use of ${signerName} signer with system:masters group is not allowed`);
    }
    return undefined;
  },
} satisfies AdmissionPlugin;
