/**
 * Folders that storage makes and removes on a node's machine: the directory
 * local-path-provisioner creates for a volume (its helper pod runs
 * `mkdir -m 0777 -p`) and removes when the volume is deleted (`rm -rf`).
 * Seen by `ssh node01` then `ls`.
 */
import type { World } from "../world/world.js";

function withParents(path: string): string[] {
  const parts = path.split("/").filter(Boolean);
  return ["/", ...parts.map((_, i) => `/${parts.slice(0, i + 1).join("/")}`)];
}

export function makeHostDir(world: World, hostName: string, path: string): void {
  const host = world.hosts.get(hostName);
  if (!host) return;
  world.hosts.replaceFiles(hostName, host.files, [...host.dirs, ...withParents(path)]);
}

export function removeHostDir(world: World, hostName: string, path: string): void {
  world.hosts.removeTrees(hostName, [path]);
}
