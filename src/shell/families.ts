/** Every command family a learner's shell has, in one place. */
import { kubectlFamily } from "./kubectl/index.js";
import { simFamily } from "./sim/index.js";
import { dockerFamily } from "./docker/index.js";
import { crictlFamily } from "./host/crictl.js";
import { journalctlFamily } from "./host/journalctl.js";
import { kubeconfigAware } from "./host/kubectl-on-host.js";
import { systemctlFamily } from "./host/systemctl.js";
import { etcdctlFamily, etcdutlFamily } from "./etcdctl/index.js";
import type { CommandFamily } from "./types.js";

export function allFamilies(): CommandFamily[] {
  return [kubeconfigAware(kubectlFamily), simFamily, dockerFamily, etcdctlFamily, etcdutlFamily, crictlFamily, systemctlFamily, journalctlFamily];
}
