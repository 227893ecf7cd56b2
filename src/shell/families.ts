/** Every command family a learner's shell has, in one place. */
import { kubectlFamily } from "./kubectl/index.js";
import { simFamily } from "./sim/index.js";
import { crictlFamily } from "./host/crictl.js";
import { journalctlFamily } from "./host/journalctl.js";
import { kubeconfigAware } from "./host/kubectl-on-host.js";
import { systemctlFamily } from "./host/systemctl.js";
import { opensslFamily } from "./openssl/index.js";
import type { CommandFamily } from "./types.js";

/**
 * A family whose code is loaded the first time its command runs. docker (with its Dockerfile
 * parser) and etcdctl are ~0.5 MB of JavaScript that a `kadet sandbox -c 'kubectl ...'` process
 * would otherwise compile before its first command.
 */
function lazyFamily(name: string, settlesWorld: boolean, load: () => Promise<CommandFamily>): CommandFamily {
  let loaded: Promise<CommandFamily> | undefined;
  return {
    name,
    settlesWorld,
    run: async (args, ctx) => {
      loaded ??= load();
      return (await loaded).run(args, ctx);
    },
  };
}

// Each lazy family's settlesWorld must equal the real one's (families.test.ts checks).
export const lazyFamilies = {
  docker: () => import("./docker/index.js").then((m) => m.dockerFamily),
  etcdctl: () => import("./etcdctl/index.js").then((m) => m.etcdctlFamily),
  etcdutl: () => import("./etcdctl/index.js").then((m) => m.etcdutlFamily),
};

export function allFamilies(): CommandFamily[] {
  return [
    kubeconfigAware(kubectlFamily),
    simFamily,
    lazyFamily("docker", false, lazyFamilies.docker),
    lazyFamily("etcdctl", true, lazyFamilies.etcdctl),
    lazyFamily("etcdutl", true, lazyFamilies.etcdutl),
    crictlFamily,
    systemctlFamily,
    journalctlFamily,
    opensslFamily,
  ];
}
