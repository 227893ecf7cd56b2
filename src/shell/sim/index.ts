/**
 * The `sim` command family: controls the simulated world itself rather than
 * talking to it as a client. Exercise setups and curious learners use it to
 * reset the world, add or remove nodes and move the clock.
 */
import { parseDuration } from "../duration.js";
import { toRfc3339 } from "../../sim/core/clock.js";
import { PRESETS } from "../../sim/world/create.js";
import { failure, ok, type CommandFamily, type FamilyContext } from "../types.js";
import { explainCommand } from "./explain.js";
import { explainImage } from "../docker/explain-image.js";
import { nodeCommand, NODE_USAGE } from "./node.js";
import { snapshotCommand } from "./snapshot.js";
import { etcdCommand, ETCD_USAGE } from "./etcd.js";
import { hostCommand, HOST_USAGE } from "./host.js";
import { traceCommand } from "./trace.js";
import { usageCommand, USAGE_USAGE } from "./usage.js";
import { addonCommand, ADDON_USAGE } from "./addon.js";

export const SIM_HELP = `sim controls the simulated world (it is kadet's, not a real tool).

Commands:
  sim reset [--preset NAME]        start over from a fresh world (presets: ${PRESETS.join(", ")})
  sim reset --preset ha --control-planes 5   the ha preset with five control-plane nodes (ha5)
${NODE_USAGE.split("\n").slice(1).filter(Boolean).map((l) => `${l.replace(/^ {2}/, "  ")}`).join("\n")}
${HOST_USAGE}${ETCD_USAGE}${USAGE_USAGE}${ADDON_USAGE}  sim explain pod NAME [-n NS]     why the scheduler placed a pod where it did (or left it Pending)
  sim trace -- kubectl ARGS...     run the kubectl command, then print its requests' path: authentication, authorization, admission, etcd, scheduler, kubelet, runtime
  sim explain image NAME           each layer of a Docker image: size, cache hit or miss of its last build and why, wasted space
  sim context add NAME [--preset P] a second cluster; adds cluster, user and context NAME to ~/.kube/config
  sim context list                 the environment's clusters, their API servers and presets (* the current context's)
  sim snapshot save FILE           the whole session (clusters, kubeconfig, shell, scratch files) to a JSON file
  sim snapshot load FILE           carry on from a saved session (in this or a fresh kadet process)
  sim docker [on|off]              whether the learner's Docker daemon runs (off: docker cannot connect)
  sim clock                        print the simulated time
  sim clock advance DURATION       let time pass (30s, 5m, 1h30m); controllers and kubelets act meanwhile
`;

export const simFamily: CommandFamily = {
  name: "sim",
  // Each sim command decides how much time passes: `clock advance` exactly what it is told.
  settlesWorld: false,
  run(args, ctx) {
    const [group, ...rest] = args;
    switch (group) {
      case undefined:
      case "help":
      case "--help":
      case "-h":
        return ok(SIM_HELP);
      case "reset": {
        let preset = ctx.session.presetName();
        let controlPlanes: string | undefined;
        for (let i = 0; i < rest.length; i++) {
          const arg = rest[i]!;
          if (arg === "--control-planes") {
            // `ha` with five control planes is its own preset, built once like the others.
            const count = rest[++i];
            if (count !== "3" && count !== "5") return failure(`sim reset: --control-planes takes 3 or 5 (with --preset ha)`);
            controlPlanes = count;
          } else if (arg === "--preset") preset = rest[++i] ?? "";
          else if (arg.startsWith("--preset=")) preset = arg.slice("--preset=".length);
          else return failure(`sim reset: unexpected argument "${arg}"`);
        }
        if (controlPlanes !== undefined) {
          if (preset !== "ha" && preset !== "ha5") return failure("sim reset: --control-planes goes with --preset ha");
          preset = controlPlanes === "5" ? "ha5" : "ha";
        }
        return ctx.session.resetWorld(preset);
      }
      case "node": {
        const result = nodeCommand(rest, ctx.world);
        ctx.world.settle();
        return result;
      }
      case "trace":
        return traceCommand(rest, ctx);
      case "addon":
        return addonCommand(rest, ctx.world);
      case "usage":
        return usageCommand(rest, ctx.world);
      case "explain":
        return rest[0] === "image" ? explainImage(rest.slice(1), ctx.session.docker) : explainCommand(rest, ctx.world);
      case "etcd":
        return etcdCommand(rest, ctx.world);
      case "host":
        return hostCommand(rest, ctx.world);
      case "context":
        return contextCommand(rest, ctx);
      case "docker":
        return dockerCommand(rest, ctx);
      case "snapshot":
        return snapshotCommand(rest, ctx);
      case "clock": {
        if (rest.length === 0) return ok(`${toRfc3339(ctx.world.clock.now())}\n`);
        if (rest[0] !== "advance" || rest.length !== 2) return failure("Usage: sim clock advance DURATION (for example 30s, 5m, 1h30m)");
        const ms = parseDuration(rest[1]!);
        if (ms === undefined) return failure(`sim clock advance: invalid duration "${rest[1]}" (for example 30s, 5m, 1h30m)`);
        ctx.world.advance(ms / 1000);
        return ok(`clock advanced by ${rest[1]} to ${toRfc3339(ctx.world.clock.now())}\n`);
      }
      default:
        return failure(`sim: unknown command "${group}"\n\n${SIM_HELP}`);
    }
  },
};

/** `sim docker on|off`: starts or stops the Docker daemon; its images and containers stay. */
function dockerCommand(args: string[], ctx: FamilyContext) {
  const daemon = ctx.session.docker;
  if (args.length === 0) return ok(`the Docker daemon is ${daemon.running ? "running" : "stopped"}\n`);
  if (args.length !== 1 || (args[0] !== "on" && args[0] !== "off")) return failure("Usage: sim docker [on|off]");
  daemon.running = args[0] === "on";
  return ok(`the Docker daemon is ${daemon.running ? "running" : "stopped"}\n`);
}

const CONTEXT_USAGE = "Usage: sim context add NAME [--preset NAME] | sim context list";

/** `sim context add|list`: the clusters of the environment, one per kubeconfig context. */
function contextCommand(args: string[], ctx: FamilyContext) {
  const environment = ctx.session.environment;
  const [verb, ...rest] = args;
  if (verb === "list" && rest.length === 0) {
    const current = environment.currentCluster();
    return ok(environment.clusters().map((c) => `${c === current ? "*" : " "} ${c.name} at ${c.server} (preset ${c.preset})\n`).join(""));
  }
  if (verb !== "add") return failure(CONTEXT_USAGE);
  let name: string | undefined;
  let preset = "default";
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === "--preset") preset = rest[++i] ?? "";
    else if (arg.startsWith("--preset=")) preset = arg.slice("--preset=".length);
    else if (name === undefined && !arg.startsWith("-")) name = arg;
    else return failure(`sim context add: unexpected argument "${arg}"\n${CONTEXT_USAGE}`);
  }
  if (name === undefined) return failure(CONTEXT_USAGE);
  const added = environment.addContext(name, preset);
  if (!added.ok) return failure(`sim context add: ${added.message}`);
  return ok(`context "${name}" added (preset "${preset}"); switch with: kubectl config use-context ${name}\n`);
}
