/**
 * Who a pod's container runs as, decided the way the kubelet and containerd
 * decide it: the effective security context (a container's runAsUser,
 * runAsGroup and runAsNonRoot over the pod's, pkg/securitycontext
 * DetermineEffectiveSecurityContext), the image's USER when runAsUser is
 * unset (an image without one runs as root, kubelet getImageUser), the
 * primary group from runAsGroup or else the user's own (0 when the image
 * does not know the user), and the supplementary groups: the primary one,
 * fsGroup and supplementalGroups (containerd's WithAdditionalGIDs +
 * WithSupplementalGroups). The kubelet's runAsNonRoot check is here too,
 * with its messages (pkg/kubelet/kuberuntime/security_context_others.go).
 */
import type { IContainer, IPodSecurityContext, ISecurityContext } from "kubernetes-models/v1";
import type { Pod } from "../api/types.js";
import { imageAccount } from "../catalog/users.js";

/** The OCI runtime spec's process.user, as containerd writes it into config.json. */
export interface ProcessUser {
  uid: number;
  gid: number;
  additionalGids: number[];
}

interface ImageUser {
  /** The numeric user, when the image's USER gives one or the image's /etc/passwd is known to kadet. */
  uid?: number;
  gid?: number;
  /** A USER name kadet cannot resolve to a number. */
  name?: string;
}

/** The image's USER ("", "1000", "1000:3000", "nginx") as containerd reads it for the container's repository. */
export function parseImageUser(user: string, repository: string | undefined): ImageUser {
  if (user === "") return { uid: 0, gid: 0 };
  const [who = "", group] = user.split(":");
  const gid = group !== undefined && /^\d+$/.test(group) ? Number(group) : undefined;
  if (/^\d+$/.test(who)) {
    const uid = Number(who);
    return { uid, gid: gid ?? imageAccount(repository, uid)?.gid ?? 0 };
  }
  const account = imageAccount(repository, who);
  return account ? { uid: account.uid, gid: gid ?? account.gid } : { name: who };
}

/** The settings that may be set on the pod and overridden by a container (DetermineEffectiveSecurityContext). */
export function effectiveSecurityContext(pod: Pod, container: IContainer | undefined): ISecurityContext {
  const podSc: IPodSecurityContext = pod.spec?.securityContext ?? {};
  const own: ISecurityContext = container?.securityContext ?? {};
  const effective: ISecurityContext = { ...own };
  if (effective.runAsUser === undefined && podSc.runAsUser !== undefined) effective.runAsUser = podSc.runAsUser;
  if (effective.runAsGroup === undefined && podSc.runAsGroup !== undefined) effective.runAsGroup = podSc.runAsGroup;
  if (effective.runAsNonRoot === undefined && podSc.runAsNonRoot !== undefined) effective.runAsNonRoot = podSc.runAsNonRoot;
  if (effective.seccompProfile === undefined && podSc.seccompProfile !== undefined) effective.seccompProfile = podSc.seccompProfile;
  return effective;
}

/** format.Pod: `name_namespace(uid)`. */
function podDescription(pod: Pod): string {
  return `${pod.metadata.name}_${pod.metadata.namespace ?? "default"}(${pod.metadata.uid})`;
}

/** verifyRunAsNonRoot: why the kubelet will not create the container (CreateContainerConfigError), or undefined. */
export function runAsNonRootViolation(pod: Pod, container: IContainer, imageUser: string, repository: string | undefined): string | undefined {
  const sc = effectiveSecurityContext(pod, container);
  if (sc.runAsNonRoot !== true) return undefined;
  const where = `(pod: ${JSON.stringify(podDescription(pod))}, container: ${container.name})`;
  if (sc.runAsUser !== undefined) return sc.runAsUser === 0 ? `container's runAsUser breaks non-root policy ${where}` : undefined;
  // The kubelet reads the image's USER as containerd reports it: a numeric uid, or a name it cannot check.
  const [who = ""] = imageUser.split(":");
  if (who !== "" && !/^\d+$/.test(who)) return `container has runAsNonRoot and image has non-numeric user (${who}), cannot verify user is non-root ${where}`;
  if (who === "" || Number(who) === 0) return `container has runAsNonRoot and image will run as root ${where}`;
  return undefined;
}

/** The container's process user, or the name kadet cannot resolve (an image USER whose /etc/passwd entry it does not know). */
export function processUser(pod: Pod, container: IContainer | undefined, imageUser: string, repository: string | undefined): ProcessUser | { unresolved: string } {
  const sc = effectiveSecurityContext(pod, container);
  const podSc = pod.spec?.securityContext ?? {};
  let uid: number;
  let gid: number | undefined;
  if (sc.runAsUser !== undefined) {
    uid = sc.runAsUser;
    gid = imageAccount(repository, uid)?.gid ?? 0;
  } else {
    const image = parseImageUser(imageUser, repository);
    if (image.uid === undefined) return { unresolved: image.name ?? imageUser };
    uid = image.uid;
    gid = image.gid ?? 0;
  }
  if (sc.runAsGroup !== undefined) gid = sc.runAsGroup;
  const additionalGids: number[] = [gid];
  for (const g of [...(podSc.fsGroup !== undefined ? [podSc.fsGroup] : []), ...(podSc.supplementalGroups ?? [])]) {
    if (!additionalGids.includes(g)) additionalGids.push(g);
  }
  return { uid, gid, additionalGids };
}
