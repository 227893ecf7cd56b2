/** `kubectl cluster-info`: where the control plane and CoreDNS answer (kubectl/pkg/cmd/clusterinfo). */
import { kindNamed } from "../../sim/api/kinds.js";
import { ok } from "../types.js";
import { defineVerb } from "./verb.js";

const SERVER = "https://192.168.0.10:6443";

export const clusterInfoVerb = defineVerb({
  name: "cluster-info",
  helpKey: "cluster-info",
  execute(ctx) {
    if (ctx.args[0] === "dump") return { stdout: "", stderr: "kadet: 'kubectl cluster-info dump' is not simulated yet\n", exitCode: 1 };
    let out = `Kubernetes control plane is running at ${SERVER}\n`;
    // Services labelled kubernetes.io/cluster-service=true in kube-system are listed by their kubernetes.io/name.
    for (const svc of ctx.world.api.list(kindNamed("Service")!, "kube-system")) {
      const labels = svc.metadata.labels ?? {};
      if (labels["kubernetes.io/cluster-service"] !== "true") continue;
      const name = labels["kubernetes.io/name"] ?? svc.metadata.name;
      const port = ((svc.spec as { ports?: { name?: string; port: number }[] }).ports ?? [])[0];
      const portPart = port ? `:${port.name ?? port.port}` : "";
      out += `${name} is running at ${SERVER}/api/v1/namespaces/kube-system/services/${svc.metadata.name}${portPart}/proxy\n`;
    }
    out += "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
    return ok(out);
  },
});
