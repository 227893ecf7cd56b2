/**
 * Test support for the grader: `fx`, a tiny command family that writes to the
 * world through the API server without depending on kubectl, so grading tests
 * exercise the grader alone.
 *   fx pod NAME [k=v,...] [IMAGE] [-n NS]    create a pod
 *   fx svc NAME k=v,... [-n NS]              create a ClusterIP Service selecting k=v
 *   fx phase NAME [-n NS]                    print a pod's phase (exit 1 when absent)
 *   fx delete KIND NAME [-n NS]              delete an object
 */
import { kindNamed } from "../sim/api/kinds.js";
import { failure, ok, type CommandFamily } from "../shell/types.js";
import { simFamily } from "../shell/sim/index.js";
import { fileURLToPath } from "node:url";

export const TESTDATA = fileURLToPath(new URL("./testdata/", import.meta.url));

function labelsOf(text: string | undefined): Record<string, string> {
  if (!text) return {};
  return Object.fromEntries(text.split(",").map((kv) => kv.split("=") as [string, string]));
}

export const fxFamily: CommandFamily = {
  name: "fx",
  settlesWorld: true,
  run(argv, ctx) {
    const args = [...argv];
    let namespace = "default";
    const n = args.indexOf("-n");
    if (n !== -1) {
      namespace = args[n + 1] ?? "default";
      args.splice(n, 2);
    }
    const [verb, a, b, c] = args;
    const api = ctx.world.api;
    const pod = kindNamed("Pod")!;
    switch (verb) {
      case "pod": {
        const created = api.create(
          pod,
          { apiVersion: "v1", kind: "Pod", metadata: { name: a!, labels: labelsOf(b) }, spec: { containers: [{ name: "main", image: c ?? "nginx:1.27" }] } },
          namespace,
        );
        return created.ok ? ok(`pod/${a} created\n`) : failure(created.error.message);
      }
      case "svc": {
        const created = api.create(
          kindNamed("Service")!,
          { apiVersion: "v1", kind: "Service", metadata: { name: a! }, spec: { selector: labelsOf(b), ports: [{ port: 80 }] } },
          namespace,
        );
        return created.ok ? ok(`service/${a} created\n`) : failure(created.error.message);
      }
      case "phase": {
        const found = api.find(pod, namespace, a!);
        if (!found) return failure(`Error from server (NotFound): pods "${a}" not found`);
        return ok(`${(found.status as { phase?: string } | undefined)?.phase ?? ""}\n`);
      }
      case "delete": {
        const info = kindNamed(a!)!;
        const deleted = api.delete(info, namespace, b!, { gracePeriodSeconds: 0 });
        return deleted.ok ? ok(`${a} "${b}" deleted\n`) : failure(deleted.error.message);
      }
      default:
        return failure(`fx: unknown verb ${verb}`);
    }
  },
};

export const TEST_FAMILIES: CommandFamily[] = [fxFamily, simFamily];
