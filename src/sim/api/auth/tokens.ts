/**
 * ServiceAccount tokens as the TokenRequest API (serviceaccounts/token) issues
 * them and the service-account authenticator checks them: a JWT whose claims
 * name the issuer, audience, expiry and the ServiceAccount (namespace, name,
 * uid), with the `jti` credential id of 1.30+. kadet does not sign tokens:
 * the signature segment says so, and a token is valid when its claims are
 * (issuer, audience, not expired on the model's clock, the ServiceAccount
 * still exists with the same uid), which is what the API server checks after
 * the signature.
 */
import { ALL_AUTHENTICATED, serviceAccountGroups, serviceAccountUsername, type UserInfo } from "./user.js";

/** kube-apiserver's --service-account-issuer on a kubeadm cluster, also the default audience. */
export const SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local";
/** TokenRequest's default expirationSeconds (1 hour). */
export const DEFAULT_TOKEN_SECONDS = 3600;
const UNSIGNED = b64url("kadet: ServiceAccount tokens are not signed");

interface Claims {
  aud: string[];
  exp: number;
  iat: number;
  iss: string;
  jti: string;
  "kubernetes.io": { namespace: string; serviceaccount: { name: string; uid: string } };
  nbf: number;
  sub: string;
}

function b64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

export interface TokenRequest {
  namespace: string;
  name: string;
  uid: string;
  nowMs: number;
  jti: string;
  expirationSeconds?: number;
  audiences?: string[];
}

export function issueServiceAccountToken(request: TokenRequest): { token: string; expirationTimestamp: string } {
  const iat = Math.floor(request.nowMs / 1000);
  const exp = iat + (request.expirationSeconds ?? DEFAULT_TOKEN_SECONDS);
  const claims: Claims = {
    aud: request.audiences && request.audiences.length > 0 ? request.audiences : [SERVICE_ACCOUNT_ISSUER],
    exp,
    iat,
    iss: SERVICE_ACCOUNT_ISSUER,
    jti: request.jti,
    "kubernetes.io": { namespace: request.namespace, serviceaccount: { name: request.name, uid: request.uid } },
    nbf: iat,
    sub: serviceAccountUsername(request.namespace, request.name),
  };
  const token = `${b64url(JSON.stringify({ alg: "RS256", kid: "kadet" }))}.${b64url(JSON.stringify(claims))}.${UNSIGNED}`;
  return { token, expirationTimestamp: new Date(exp * 1000).toISOString().replace(/\.\d{3}Z$/, "Z") };
}

/** The user a token authenticates as, or undefined (a 401 Unauthorized). */
export function authenticateToken(token: string, nowMs: number, serviceAccountUid: (namespace: string, name: string) => string | undefined): UserInfo | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[2] !== UNSIGNED) return undefined;
  let claims: Claims;
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as Claims;
  } catch {
    return undefined;
  }
  const sa = claims["kubernetes.io"];
  if (claims.iss !== SERVICE_ACCOUNT_ISSUER || !claims.aud?.includes(SERVICE_ACCOUNT_ISSUER) || !sa?.serviceaccount) return undefined;
  const now = Math.floor(nowMs / 1000);
  if (now >= claims.exp || now < claims.nbf) return undefined;
  if (serviceAccountUid(sa.namespace, sa.serviceaccount.name) !== sa.serviceaccount.uid) return undefined;
  return {
    name: serviceAccountUsername(sa.namespace, sa.serviceaccount.name),
    uid: sa.serviceaccount.uid,
    groups: [...serviceAccountGroups(sa.namespace), ALL_AUTHENTICATED],
    extra: { "authentication.kubernetes.io/credential-id": [`JTI=${claims.jti}`] },
  };
}
