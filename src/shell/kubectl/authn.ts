/**
 * Who a kubectl command acts as: the kubeconfig user's credentials
 * authenticated as kube-apiserver's authenticators would (a ServiceAccount
 * token, a kadet client certificate, kubeadm's admin certificates), then
 * `--as`/`--as-group` impersonation, itself authorized (the `impersonate`
 * verb on users, groups and serviceaccounts, as the impersonation filter of
 * k8s.io/apiserver/pkg/endpoints/filters/impersonation.go checks it). The
 * command then sees the world through `api.as(user)`: every request RBAC-checked.
 */
import { posix } from "node:path";
import type { Cluster } from "../../sim/env/environment.js";
import { kindNamed } from "../../sim/api/kinds.js";
import { forbidden } from "../../sim/api/auth/forbidden.js";
import { authenticateToken } from "../../sim/api/auth/tokens.js";
import { authenticateCertificateAt, readCertificate } from "../../sim/api/auth/certificates.js";
import { decodePem } from "../../sim/api/auth/pem.js";
import { ALL_AUTHENTICATED, ALL_UNAUTHENTICATED, KUBEADM_CLUSTER_ADMINS, SYSTEM_MASTERS, serviceAccountGroups, splitServiceAccountUsername, type UserInfo } from "../../sim/api/auth/user.js";
import type { RequestAttributes } from "../../sim/api/auth/rbac.js";
import { NOT_SIMULATED_PEM_DATA } from "../../sim/world/kubeadm-files.js";
import type { World } from "../../sim/world/world.js";
import type { CommandResult, FamilyContext } from "../types.js";
import { failure } from "../types.js";
import { apiFailure } from "./errors.js";

const SA = kindNamed("ServiceAccount")!;

/** kubectl's words for a 401 (cmdutil.CheckErr on an Unauthorized status). */
export const UNAUTHORIZED = "error: You must be logged in to the server (Unauthorized)";

/** `via` says which authenticator took the credentials, for `sim trace`. */
export type Authenticated = { ok: true; user: UserInfo; via?: string } | { ok: false; result: CommandResult };

/** kubeadm's certificates: admin.conf's user (kubeadm:cluster-admins, 1.29+) and super-admin.conf's (system:masters). */
function kubeadmAdmin(userName: string, cluster: Cluster): UserInfo | undefined {
  if (userName === "kubernetes-super-admin") return { name: "kubernetes-super-admin", groups: [SYSTEM_MASTERS, ALL_AUTHENTICATED] };
  if (userName === "kubernetes-admin" || userName === cluster.user) return { name: "kubernetes-admin", groups: [KUBEADM_CLUSTER_ADMINS, ALL_AUTHENTICATED] };
  return undefined;
}

export async function authenticate(userName: string, entry: Record<string, unknown> | undefined, tokenFlag: string, cluster: Cluster, family: FamilyContext, kubeconfigPath = ""): Promise<Authenticated> {
  const world = cluster.world;
  const token = tokenFlag !== "" ? tokenFlag : typeof entry?.token === "string" ? entry.token : "";
  if (token !== "") {
    const user = authenticateToken(token, world.clock.now(), (ns, name) => world.api.find(SA, ns, name)?.metadata.uid);
    return user ? { ok: true, user, via: `a bearer token (${tokenFlag !== "" ? "--token" : `kubeconfig user "${userName}"`}), read by the ServiceAccount token authenticator` } : { ok: false, result: failure(UNAUTHORIZED) };
  }
  const data = entry?.["client-certificate-data"];
  if (data === NOT_SIMULATED_PEM_DATA) {
    const admin = kubeadmAdmin(userName, cluster);
    if (admin) return { ok: true, user: admin, via: `the client certificate of kubeconfig user "${userName}" (kubeadm's ${admin.name === "kubernetes-super-admin" ? "super-admin.conf" : "admin.conf"}), read by the x509 authenticator: CN is the user, each O a group` };
  }
  const pair = await clientCertificatePair(userName, entry, family, kubeconfigPath);
  if (!pair.ok) return pair;
  const pem = pair.pem;
  if (pem !== undefined) {
    const authenticated = authenticateCertificateAt(pem, world.clock.now());
    if (authenticated.ok) return { ok: true, user: authenticated.user, via: `the client certificate of kubeconfig user "${userName}", read by the x509 authenticator: CN is the user, each O a group` };
    // The x509 authenticator refuses a certificate outside its validity: the request is anonymous, then 401.
    if (authenticated.reason !== "not-kadet") return { ok: false, result: failure(UNAUTHORIZED) };
  }
  return {
    ok: false,
    result: failure(`kadet: the credentials of user "${userName}" are not simulated: kadet authenticates ServiceAccount tokens, kadet client certificates and kubeadm's admin certificates, so the command was not run`),
  };
}

/**
 * The client side of a certificate user, as client-go builds its TLS config before any
 * connection: the certificate (data or file), the key beside it (clientcmd's validation, then
 * the file), and tls.X509KeyPair's check that the key is the certificate's. `pem` is undefined
 * for a user without a client certificate (or kubeadm's, whose contents are not simulated).
 */
export async function clientCertificatePair(userName: string, entry: Record<string, unknown> | undefined, family: FamilyContext, kubeconfigPath = ""): Promise<{ ok: true; pem?: string } | { ok: false; result: CommandResult }> {
  // clientcmd's ResolveLocalPaths: a relative path in a kubeconfig is relative to that file's folder.
  const resolve = (path: string) => (kubeconfigPath === "" ? path : posix.resolve(posix.dirname(posix.resolve(family.cwd, kubeconfigPath)), path));
  let pem: string | undefined;
  const data = entry?.["client-certificate-data"];
  if (typeof data === "string") {
    if (data === NOT_SIMULATED_PEM_DATA) return { ok: true };
    pem = Buffer.from(data, "base64").toString("utf8");
  } else if (typeof entry?.["client-certificate"] === "string") {
    const path = resolve(entry["client-certificate"]);
    pem = await family.readFile(path);
    if (pem === undefined) return { ok: false, result: failure(`error: unable to read client-cert ${path} for ${userName} due to open ${path}: no such file or directory`) };
  }
  if (pem === undefined) return { ok: true };
  const key = await clientKey(userName, entry, family, resolve);
  if (!key.ok) return key;
  const cert = readCertificate(pem);
  const keyPem = decodePem(key.pem);
  if (cert && keyPem?.type === "PRIVATE KEY" && keyPem.keyId !== cert.keyId) return { ok: false, result: failure("error: tls: private key does not match public key") };
  return { ok: true, pem };
}

/** The client key beside a client certificate (client-go's validation, then the file read). */
async function clientKey(userName: string, entry: Record<string, unknown> | undefined, family: FamilyContext, resolve: (path: string) => string): Promise<{ ok: true; pem: string } | { ok: false; result: CommandResult }> {
  const data = entry?.["client-key-data"];
  if (typeof data === "string" && data !== "") return { ok: true, pem: Buffer.from(data, "base64").toString("utf8") };
  const path = entry?.["client-key"];
  if (typeof path !== "string" || path === "") {
    return { ok: false, result: failure(`error: invalid configuration: client-key-data or client-key must be specified for ${userName} to use the clientCert authentication method`) };
  }
  const resolved = resolve(path);
  const pem = await family.readFile(resolved);
  if (pem === undefined) return { ok: false, result: failure(`error: unable to read client-key ${resolved} for ${userName} due to open ${resolved}: no such file or directory`) };
  return { ok: true, pem };
}

const impersonation = (user: UserInfo, resource: string, namespace: string, name: string): RequestAttributes => ({
  user, verb: "impersonate", resourceRequest: true, apiGroup: "", resource, subresource: "", namespace, name, path: "",
});

/** The impersonation filter: each requested identity must be allowed, then the user is replaced. */
export function impersonate(world: World, user: UserInfo, asUser: string, asGroups: string[]): Authenticated {
  if (asUser === "" && asGroups.length === 0) return { ok: true, user };
  if (asUser === "") return { ok: false, result: failure("kadet: --as-group without --as is not simulated (the API server refuses it), so the command was not run") };
  const sa = splitServiceAccountUsername(asUser);
  const checks = [sa ? impersonation(user, "serviceaccounts", sa.namespace, sa.name) : impersonation(user, "users", "", asUser), ...asGroups.map((g) => impersonation(user, "groups", "", g))];
  for (const attrs of checks) {
    const decision = world.api.authorize(attrs);
    world.api.tracer?.authorized(attrs, decision);
    if (!decision.allowed) return { ok: false, result: apiFailure(forbidden(attrs, decision.reason)) };
  }
  let groups = sa && asGroups.length === 0 ? serviceAccountGroups(sa.namespace) : [...asGroups];
  if (asUser !== "system:anonymous" && !groups.some((g) => g === ALL_AUTHENTICATED || g === ALL_UNAUTHENTICATED)) groups = [...groups, ALL_AUTHENTICATED];
  return { ok: true, user: { name: asUser, groups } };
}

/**
 * The world as one user's command sees it: the same world, whose `api` authorizes each request.
 * Its methods stay bound to the world itself, so that time passing (`advance`) runs the
 * controllers as themselves, not as the user.
 */
export function worldAs(world: World, user: UserInfo, onWarnings?: (warnings: string[]) => void): World {
  const view = Object.create(world) as World;
  for (let proto = Object.getPrototypeOf(world) as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const value = (world as unknown as Record<string, unknown>)[key];
      if (key !== "constructor" && typeof value === "function" && !Object.prototype.hasOwnProperty.call(view, key)) {
        Object.defineProperty(view, key, { value: (value as (...a: unknown[]) => unknown).bind(world) });
      }
    }
  }
  Object.defineProperty(view, "api", { value: world.api.as(user, onWarnings) });
  return view;
}
