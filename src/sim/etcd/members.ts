/**
 * Which etcd members a cluster has: one per control-plane host whose kubelet
 * runs the etcd static pod (kubeadm's stacked etcd), read from that host's
 * /etc/kubernetes/manifests/etcd.yaml flags exactly as etcd reads them
 * (--name, --initial-advertise-peer-urls, --advertise-client-urls,
 * --listen-client-urls, --data-dir) and the hostPath behind its data dir.
 * Member IDs are derived from the name, as stable as etcd's (which hashes
 * the peer URLs and cluster token).
 */
import { parse } from "yaml";
import { fakeDigest } from "../core/digest.js";
import type { Host } from "../world/hosts.js";
import { MANIFESTS_DIR } from "../world/kubeadm-files.js";

export const ETCD_MANIFEST = `${MANIFESTS_DIR}/etcd.yaml`;
/** kubeadm's data dir on the host. */
export const KUBEADM_DATA_DIR = "/var/lib/etcd";

export interface MemberSpec {
  /** The host it runs on. */
  host: string;
  name: string;
  /** 16 hex digits or fewer, as etcdctl prints IDs (%x, no leading zeros). */
  id: string;
  peerURLs: string[];
  clientURLs: string[];
  /** Where it listens for clients: --endpoints must name one of these. */
  listenClientURLs: string[];
  /** The host folder holding its data: the hostPath mounted at --data-dir. */
  hostDataDir: string;
  /** The TLS files its flags name (a missing one keeps etcd from starting). */
  certFiles: string[];
}

interface PodManifest {
  kind?: string;
  spec?: {
    containers?: { command?: string[]; volumeMounts?: { name?: string; mountPath?: string }[] }[];
    volumes?: { name?: string; hostPath?: { path?: string } }[];
  };
}

const parsed = new Map<string, MemberSpec | null>();

/** The member a host's etcd manifest describes; undefined when the host has none or it does not parse as a Pod running etcd. */
export function memberOf(host: Host): MemberSpec | undefined {
  const text = host.files[ETCD_MANIFEST];
  if (text === undefined) return undefined;
  const key = `${host.name}\0${text}`;
  let spec = parsed.get(key);
  if (spec === undefined) {
    spec = parseMember(host.name, text);
    if (parsed.size > 256) parsed.clear();
    parsed.set(key, spec);
  }
  return spec ?? undefined;
}

/** The memo's entries, to save beside a baked preset (a fresh process's first settle then parses no etcd.yaml). */
export function parsedMemberEntries(): [string, MemberSpec | null][] {
  return [...parsed];
}

/** Fills the memo from saved entries; keys hold the whole file text, so an entry only answers for the text it was parsed from. */
export function seedParsedMembers(entries: [string, MemberSpec | null][]): void {
  for (const [key, spec] of entries) parsed.set(key, spec);
}

function flagValues(command: string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (const arg of command) {
    const m = /^--([^=]+)=(.*)$/.exec(arg);
    if (m) flags.set(m[1]!, m[2]!);
  }
  return flags;
}

function parseMember(hostName: string, text: string): MemberSpec | null {
  let manifest: PodManifest;
  try {
    manifest = parse(text) as PodManifest;
  } catch {
    return null;
  }
  if (!manifest || manifest.kind !== "Pod") return null;
  const container = manifest.spec?.containers?.find((c) => c.command?.[0] === "etcd");
  if (!container?.command) return null;
  const flags = flagValues(container.command);
  const name = flags.get("name") ?? "default";
  const dataDir = flags.get("data-dir") ?? `${name}.etcd`;
  const mount = container.volumeMounts?.find((m) => m.mountPath === dataDir);
  const hostPath = manifest.spec?.volumes?.find((v) => v.name === mount?.name)?.hostPath?.path;
  const list = (flag: string, fallback: string) => (flags.get(flag) ?? fallback).split(",").filter(Boolean);
  return {
    host: hostName,
    name,
    id: memberId(name),
    peerURLs: list("initial-advertise-peer-urls", "http://localhost:2380"),
    clientURLs: list("advertise-client-urls", "http://localhost:2379"),
    listenClientURLs: list("listen-client-urls", "http://localhost:2379"),
    // A data dir that is not a mounted host folder lives inside the container: lost on restart.
    hostDataDir: hostPath ?? `(container)${dataDir}`,
    certFiles: ["cert-file", "key-file", "trusted-ca-file", "peer-cert-file", "peer-key-file", "peer-trusted-ca-file"]
      .map((f) => flags.get(f))
      .filter((f): f is string => f !== undefined),
  };
}

/** A member ID as etcdctl prints it: lowercase hex of a uint64, no leading zeros. */
export function memberId(name: string): string {
  return fakeDigest(`etcd-member:${name}`).slice(0, 16).replace(/^0+/, "");
}

/** The cluster ID, derived from the members' names. */
export function clusterId(names: string[]): string {
  return fakeDigest(`etcd-cluster:${[...names].sort().join(",")}`).slice(0, 16).replace(/^0+/, "");
}
