/**
 * The kubelet's volume manager, as far as kadet models it: before any
 * container of a pod starts, every volume must be set up
 * (MountVolume.SetUp). A hostPath volume checks its type on the node's
 * machine (pkg/volume/hostpath/host_path.go checkType: DirectoryOrCreate and
 * FileOrCreate create what is missing, Directory and File require it); a
 * configMap or secret volume needs its object unless `optional: true`
 * (pkg/volume/configmap, pkg/volume/secret). A failure leaves the pod in
 * ContainerCreating with a FailedMount event in the kubelet's words, until
 * the cause is fixed. Socket and device types are not checked (a node's
 * machine in kadet holds regular files only); an unset type checks nothing,
 * as upstream.
 */
import { kindNamed } from "../api/kinds.js";
import type { Pod } from "../api/types.js";
import type { World } from "../world/world.js";

const CONFIGMAP = kindNamed("ConfigMap")!;
const SECRET = kindNamed("Secret")!;

function parents(path: string): string[] {
  const parts = path.split("/").filter(Boolean);
  return ["/", ...parts.map((_, i) => `/${parts.slice(0, i + 1).join("/")}`)];
}

/** hostPath checkType on `node`'s machine; creates the path for the ...OrCreate types. */
function setUpHostPath(world: World, node: string, path: string, type: string | undefined): string | undefined {
  const host = world.hosts.get(node);
  if (!host) return undefined;
  const normalized = path.length > 1 ? path.replace(/\/+$/, "") : path;
  const isDir = host.dirs.includes(normalized);
  const isFile = host.files[normalized] !== undefined;
  switch (type) {
    case "DirectoryOrCreate":
      if (!isDir && !isFile) {
        world.hosts.replaceFiles(node, host.files, [...host.dirs, ...parents(normalized)]);
        return undefined;
      }
      return isDir ? undefined : `hostPath type check failed: ${path} is not a directory`;
    case "Directory":
      return isDir ? undefined : `hostPath type check failed: ${path} is not a directory`;
    case "FileOrCreate":
      if (!isDir && !isFile) {
        world.hosts.writeFile(node, normalized, "");
        return undefined;
      }
      return isFile ? undefined : `hostPath type check failed: ${path} is not a file`;
    case "File":
      return isFile ? undefined : `hostPath type check failed: ${path} is not a file`;
    default:
      return undefined;
  }
}

/** The first volume that cannot be set up, as the FailedMount message; undefined when all can. */
export function volumeSetUpError(world: World, pod: Pod, node: string): string | undefined {
  const namespace = pod.metadata.namespace ?? "default";
  for (const v of pod.spec?.volumes ?? []) {
    let error: string | undefined;
    if (v.hostPath) error = setUpHostPath(world, node, v.hostPath.path, v.hostPath.type);
    else if (v.configMap && v.configMap.optional !== true && !world.api.find(CONFIGMAP, namespace, v.configMap.name ?? "")) error = `configmap "${v.configMap.name}" not found`;
    else if (v.secret && v.secret.optional !== true && !world.api.find(SECRET, namespace, v.secret.secretName ?? "")) error = `secret "${v.secret.secretName}" not found`;
    if (error) return `MountVolume.SetUp failed for volume "${v.name}" : ${error}`;
  }
  return undefined;
}
