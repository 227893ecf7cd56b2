/**
 * kubectl on a host reads a kubeconfig as the real client does: the files in
 * $KUBECONFIG (colon-separated, missing ones skipped), else ~/.kube/config.
 * kubeadm leaves /root/.kube/config only where `kubeadm init` ran and the admin
 * copied admin.conf (controlplane); a worker has none, so kubectl falls back
 * to http://localhost:8080 and fails with the recorded words
 * (testdata/kubectl-get-pods-no-kubeconfig.*): five discovery errors from
 * memcache.go, then "The connection to the server localhost:8080 was refused".
 * A kubeconfig of another user (kubelet.conf's system:node:NODE) is refused as
 * not simulated: kadet's kubectl acts only as the admin.
 */
import type { CommandFamily, CommandResult, FamilyContext } from "../types.js";
import { failure } from "../types.js";

const REFUSED = "The connection to the server localhost:8080 was refused - did you specify the right host or port?";
const DISCOVERY_ERROR =
  'memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list: Get \\"http://localhost:8080/api?timeout=32s\\": dial tcp 127.0.0.1:8080: connect: connection refused"';
/** Commands that never reach a server (help texts, shell completion). */
const CLIENT_ONLY = new Set(["help", "options", "completion", "plugin"]);

/** klog's header: Lmmdd hh:mm:ss.uuuuuu threadid file:line] (the thread id right-aligned in 7). */
function klogLine(ms: number, pid: number, text: string): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const micros = String((ms % 1000) * 1000).padStart(6, "0");
  return `E${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${micros} ${String(pid).padStart(7)} ${text}\n`;
}

/** The kubeconfig kubectl would load on this host, or undefined when there is none. */
async function loadedKubeconfig(ctx: FamilyContext): Promise<{ path: string; text: string } | undefined> {
  const list = ctx.env.KUBECONFIG;
  const paths = list !== undefined && list !== "" ? list.split(":").filter((p) => p !== "") : [`${ctx.env.HOME ?? "/root"}/.kube/config`];
  for (const path of paths) {
    const text = await ctx.readFile(path);
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

function noServer(ctx: FamilyContext): CommandResult {
  const world = ctx.session.environment.findHost(ctx.session.currentHost?.() ?? "")?.cluster.world ?? ctx.world;
  const now = world.clock.now();
  const pid = 10_000 + (now % 50_000);
  // kubectl tries discovery five times (memory cache, then retries) before giving up; about 2 ms apart.
  const lines = [0, 2, 4, 6, 8].map((offset) => klogLine(now + offset, pid, DISCOVERY_ERROR)).join("");
  return { stdout: "", stderr: `${lines}${REFUSED}\n`, exitCode: 1 };
}

/** kubectlFamily, but answering as kubectl without a usable kubeconfig when run on a host that has none. */
export function kubeconfigAware(kubectl: CommandFamily): CommandFamily {
  return {
    ...kubectl,
    run: async (args, ctx) => {
      if (ctx.session.currentHost?.() === undefined) return kubectl.run(args, ctx);
      const first = args.find((a) => !a.startsWith("-"));
      if (args.length === 0 || args.includes("--help") || args.includes("-h") || (first !== undefined && CLIENT_ONLY.has(first))) return kubectl.run(args, ctx);
      const config = await loadedKubeconfig(ctx);
      if (config === undefined) {
        if (first === "config") return failure("kadet: 'kubectl config' without a kubeconfig on this host is not simulated yet");
        if (first === "version") {
          if (args.includes("--client")) return kubectl.run(args, ctx);
          const client = await kubectl.run(["version", "--client"], ctx);
          return { stdout: client.stdout, stderr: `${REFUSED}\n`, exitCode: 1 };
        }
        return noServer(ctx);
      }
      if (!/^\s*(- )?name:\s*kubernetes-admin\s*$/m.test(config.text)) {
        return failure(`kadet: kubectl with the kubeconfig ${config.path} is not simulated yet: kadet's kubectl acts only as kubernetes-admin (admin.conf, ~/.kube/config on controlplane)`);
      }
      return kubectl.run(args, ctx);
    },
  };
}
