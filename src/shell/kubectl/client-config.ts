/**
 * How kubectl finds its cluster before any request (client-go's clientcmd):
 * the kubeconfig file (kubeconfig-file.ts), the context (`--context` or the
 * current one), its cluster's `server`, and the namespace commands default
 * to. In kadet the server address picks one of the environment's API
 * servers; an address none of them has is refused, as a closed port is.
 */
import type { Environment, Cluster } from "../../sim/env/environment.js";
import { resolveContext, type Kubeconfig } from "../../sim/env/kubeconfig.js";
import { apiServerState } from "../../sim/world/api-server-state.js";
import type { World } from "../../sim/world/world.js";
import type { CommandResult, FamilyContext } from "../types.js";
import { failure } from "../types.js";
import { emptyKubeconfig, locateKubeconfig, parseKubeconfig, type KubeconfigLocation } from "./kubeconfig-file.js";

export interface LoadedKubeconfig {
  location: KubeconfigLocation;
  config: Kubeconfig;
  /** Whether the file existed (a missing one loads as an empty config). */
  exists: boolean;
}

/** clientcmd's loading rules: the file's config, or kubectl's error when it cannot be loaded. */
export async function loadKubeconfig(flag: string, family: FamilyContext): Promise<{ ok: true; loaded: LoadedKubeconfig } | { ok: false; result: CommandResult }> {
  const location = locateKubeconfig(flag, family.env);
  if (location.ignoredFiles.length > 0) {
    return { ok: false, result: failure(`kadet: KUBECONFIG lists several files (${[location.path, ...location.ignoredFiles].join(":")}); merging them is not simulated yet, so the command was not run`) };
  }
  const text = await family.readFile(location.path);
  if (text === undefined) return { ok: true, loaded: { location, config: emptyKubeconfig(), exists: false } };
  const parsed = parseKubeconfig(text);
  if (!parsed.ok) return { ok: false, result: failure(`error: error loading config file "${location.path}": ${parsed.error}`) };
  return { ok: true, loaded: { location, config: parsed.config, exists: true } };
}

export type ClusterTarget =
  | { ok: true; cluster: Cluster; server: string; namespace: string; context: string; user: string; credentials: Record<string, unknown> | undefined }
  | { ok: false; result: CommandResult; user?: string; credentials?: Record<string, unknown> | undefined };

/** The cluster and namespace a command that talks to the server uses, or what kubectl prints when it cannot reach one. */
export function resolveCluster(loaded: LoadedKubeconfig, contextFlag: string, environment: Environment): ClusterTarget {
  if (loaded.location.explicit && !loaded.exists) return { ok: false, result: failure(`error: stat ${loaded.location.path}: no such file or directory`) };
  const target = resolveContext(loaded.config, contextFlag);
  if (!target.ok) {
    if (target.reason === "context-not-found") return { ok: false, result: failure(`Error in configuration: context was not found for specified context: ${target.context}`) };
    return { ok: false, result: connectionRefused("http://localhost:8080", environment) };
  }
  // No credentials for the context's user: client-go asks for basic-auth ones on the terminal; stdin has none.
  if (!target.hasUser) return { ok: false, result: { stdout: "Please enter Username: ", stderr: "error: EOF\n", exitCode: 1 } };
  const cluster = environment.clusterAt(target.server);
  // The credentials travel with the refusal: client-go loads a client certificate before it dials.
  if (!cluster) return { ok: false, result: connectionRefused(target.server, environment), user: target.user, credentials: loaded.config.users[target.user] };
  // Who the user is, is the API server's authentication (authn.ts), run on these credentials.
  return { ok: true, cluster, server: target.server, namespace: target.namespace, context: target.context, user: target.user, credentials: loaded.config.users[target.user] };
}

/**
 * What kubectl prints when the cluster's API server does not answer (sim/world/api-server-state.ts),
 * or undefined when it does. Without etcd's quorum the server answers discovery from memory, and
 * the request itself waits for etcd's request timeout (7 s: 5 s plus two election timeouts) to fail.
 */
export function unansweredRequest(world: World, server: string, environment: Environment): CommandResult | undefined {
  const state = apiServerState(world);
  if (state === "serving") return undefined;
  if (state === "refused") return connectionRefused(server, environment);
  if (state === "unreachable") return unreachable(server, environment);
  world.advance(ETCD_REQUEST_TIMEOUT_S);
  environment.catchUp();
  return failure("Error from server: etcdserver: request timed out");
}

const ETCD_REQUEST_TIMEOUT_S = 7;

function klogStamp(environment: Environment): string {
  const at = new Date(environment.now()).toISOString();
  return `E${at.slice(5, 7)}${at.slice(8, 10)} ${at.slice(11, 23)}000`;
}

/** A powered-off machine: nobody answers ARP, so every dial fails with "no route to host" (kubectl's generic "Unable to connect"). */
function unreachable(server: string, environment: Environment): CommandResult {
  const url = new URL(server);
  const hostPort = `${url.hostname}:${url.port !== "" ? url.port : "443"}`;
  const error = `dial tcp ${hostPort}: connect: no route to host`;
  const line = `${klogStamp(environment)}   12345 memcache.go:265] "Unhandled Error" err="couldn't get current server API group list: Get \\"${url.protocol}//${hostPort}/api?timeout=32s\\": ${error}"\n`;
  return { stdout: "", stderr: `${line.repeat(5)}Unable to connect to the server: ${error}\n`, exitCode: 1 };
}

/**
 * What kubectl prints when nothing listens at the server: discovery's five attempts logged by
 * klog (memcache.go), then the hint. The time is the model's clock; the pid is kadet's.
 */
export function connectionRefused(server: string, environment: Environment): CommandResult {
  const url = new URL(server);
  const port = url.port !== "" ? url.port : url.protocol === "http:" ? "80" : "443";
  const hostPort = `${url.hostname}:${port}`;
  const dialed = `${url.hostname === "localhost" ? "127.0.0.1" : url.hostname}:${port}`;
  const line = `${klogStamp(environment)}   12345 memcache.go:265] "Unhandled Error" err="couldn't get current server API group list: Get \\"${url.protocol}//${hostPort}/api?timeout=32s\\": dial tcp ${dialed}: connect: connection refused"\n`;
  return { stdout: "", stderr: `${line.repeat(5)}The connection to the server ${hostPort} was refused - did you specify the right host or port?\n`, exitCode: 1 };
}
