/**
 * `kubectl config ...`: reads and edits the kubeconfig file kubectl uses
 * (`--kubeconfig`, `$KUBECONFIG`, else `~/.kube/config`; kubeconfig-file.ts),
 * never the cluster. Messages and outputs as kubectl 1.32 prints them,
 * recorded in testdata/config/ (config.test.ts compares byte for byte).
 */
import { posix } from "node:path";
import type { Kubeconfig, KubeContext } from "../../sim/env/kubeconfig.js";
import { failure, ok, type CommandResult } from "../types.js";
import { formatTabular } from "./printers/table.js";
import { toJSON } from "./printers/json.js";
import { printJSONPath } from "./printers/jsonpath.js";
import { defineVerb, type KubectlContext } from "./verb.js";
import { HELP_TEXTS } from "./help-texts.js";
import { renderKubeconfig, toV1 } from "./kubeconfig-file.js";
import { setProperty, unsetProperty } from "./config-set.js";

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A copy to edit: the loaded config may be shared with the next command's cache. */
const editable = (ctx: KubectlContext): Kubeconfig => structuredClone(ctx.kubeconfig.config);

/** clientcmd.ModifyConfig for a single file: the whole config written back, mode 0600. */
async function save(ctx: KubectlContext, config: Kubeconfig, stdout: string, stderr = ""): Promise<CommandResult> {
  const written = await ctx.family.writeFile(ctx.kubeconfig.location.path, renderKubeconfig(config), 0o600);
  if (!written.ok) return failure(`error: open ${ctx.kubeconfig.location.path}: ${written.error}`);
  return { stdout, stderr, exitCode: 0 };
}

/** cobra's usage then `Unexpected args` (the config subcommands' complete()). */
const unexpectedArgs = (ctx: KubectlContext, helpKey: string) => failure(`error: Unexpected args: [${ctx.args.join(" ")}]`, 1, HELP_TEXTS[helpKey]);

export const currentContextVerb = defineVerb({
  name: "current-context",
  helpKey: "config-current-context",
  execute(ctx) {
    const current = ctx.kubeconfig.config.currentContext;
    return current === "" ? failure("error: current-context is not set") : ok(`${current}\n`);
  },
});

export const useContextVerb = defineVerb({
  name: "use-context",
  aliases: ["use"],
  helpKey: "config-use-context",
  execute(ctx) {
    const name = ctx.args[0];
    if (name === undefined || ctx.args.length !== 1) return unexpectedArgs(ctx, "config-use-context");
    const config = editable(ctx);
    if (!config.contexts[name]) return failure(`error: no context exists with the name: "${name}"`);
    config.currentContext = name;
    return save(ctx, config, `Switched to context "${name}".\n`);
  },
});

export const getContextsVerb = defineVerb({
  name: "get-contexts",
  helpKey: "config-get-contexts",
  execute(ctx) {
    const config = ctx.kubeconfig.config;
    const output = ctx.flags.string("output");
    if (output !== "" && output !== "name") return failure(`error: --output ${output} is not available in kubectl config get-contexts; resetting to default output format`);
    const names = Object.keys(config.contexts).sort(byteOrder);
    const wanted = ctx.args.length === 0 ? names : ctx.args;
    const errors = wanted.filter((n) => !config.contexts[n]).map((n) => `context ${n} not found`);
    const shown = names.filter((n) => wanted.includes(n));
    let stdout: string;
    if (output === "name") stdout = shown.map((n) => `${n}\n`).join("");
    else {
      const rows = shown.map((n) => {
        const c = config.contexts[n]!;
        return [n === config.currentContext ? "*" : "", n, c.cluster, c.user, c.namespace ?? ""];
      });
      stdout = formatTabular(ctx.flags.bool("no-headers") ? rows : [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"], ...rows]);
    }
    if (errors.length === 0) return ok(stdout);
    // utilerrors.NewAggregate: one error as is, several in brackets.
    return failure(`error: ${errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`}`, 1, stdout);
  },
});

const namesVerb = (name: string, helpKey: string, pick: (c: Kubeconfig) => Record<string, unknown>) =>
  defineVerb({
    name,
    helpKey,
    execute: (ctx) => ok(["NAME", ...Object.keys(pick(ctx.kubeconfig.config)).sort(byteOrder)].map((n) => `${n}\n`).join("")),
  });

export const getClustersVerb = namesVerb("get-clusters", "config-get-clusters", (c) => c.clusters);
export const getUsersVerb = namesVerb("get-users", "config-get-users", (c) => c.users);

export const deleteContextVerb = defineVerb({
  name: "delete-context",
  helpKey: "config-delete-context",
  execute(ctx) {
    // delete_context.go: a wrong number of arguments prints the help and succeeds.
    if (ctx.args.length !== 1) return ok(HELP_TEXTS["config-delete-context"]);
    const name = ctx.args[0]!;
    const config = editable(ctx);
    const path = ctx.kubeconfig.location.path;
    if (!config.contexts[name]) return failure(`error: cannot delete context ${name}, not in ${path}`);
    delete config.contexts[name];
    // The current-context keeps naming it, as kubectl leaves it.
    const warning = config.currentContext === name ? 'warning: this removed your active context, use "kubectl config use-context" to select a different one\n' : "";
    return save(ctx, config, `deleted context ${name} from ${path}\n`, warning);
  },
});

export const renameContextVerb = defineVerb({
  name: "rename-context",
  helpKey: "config-rename-context",
  execute(ctx) {
    if (ctx.args.length !== 2) return unexpectedArgs(ctx, "config-rename-context");
    const [from, to] = ctx.args as [string, string];
    const config = editable(ctx);
    const path = ctx.kubeconfig.location.path;
    if (!config.contexts[from]) return failure(`error: cannot rename the context "${from}", it's not in ${path}`);
    if (config.contexts[to]) return failure(`error: cannot rename the context "${from}", the context "${to}" already exists in ${path}`);
    config.contexts[to] = config.contexts[from]!;
    delete config.contexts[from];
    if (config.currentContext === from) config.currentContext = to;
    return save(ctx, config, `Context "${from}" renamed to "${to}".\n`);
  },
});

export const setContextVerb = defineVerb({
  name: "set-context",
  helpKey: "config-set-context",
  execute(ctx) {
    if (ctx.args.length > 1) return unexpectedArgs(ctx, "config-set-context");
    const current = ctx.flags.bool("current");
    let name = ctx.args[0] ?? "";
    if (name === "" && !current) return failure("error: you must specify a non-empty context name or --current");
    if (name !== "" && current) return failure("error: you cannot specify both a context name and --current");
    const config = editable(ctx);
    if (current) {
      if (config.currentContext === "") return failure("error: no current context is set");
      name = config.currentContext;
    }
    const existed = config.contexts[name] !== undefined;
    const context: KubeContext = config.contexts[name] ?? { cluster: "", user: "" };
    for (const field of ["cluster", "user", "namespace"] as const) {
      if (!ctx.flags.has(field)) continue;
      const value = ctx.flags.string(field);
      if (value === "" && field === "namespace") delete context.namespace;
      else context[field] = value;
    }
    config.contexts[name] = context;
    return save(ctx, config, `Context "${name}" ${existed ? "modified" : "created"}.\n`);
  },
});

export const setVerb = defineVerb({
  name: "set",
  helpKey: "config-set",
  execute(ctx) {
    if (ctx.args.length !== 2) return unexpectedArgs(ctx, "config-set");
    const [property, value] = ctx.args as [string, string];
    const config = editable(ctx);
    const done = setProperty(config, property, value, ctx.flags.bool("set-raw-bytes"));
    if (!done.ok) return failure(`error: ${done.error}`);
    return save(ctx, config, `Property "${property}" set.\n`);
  },
});

export const unsetVerb = defineVerb({
  name: "unset",
  helpKey: "config-unset",
  execute(ctx) {
    if (ctx.args.length !== 1) return unexpectedArgs(ctx, "config-unset");
    const property = ctx.args[0]!;
    const config = editable(ctx);
    const done = unsetProperty(config, property);
    if (!done.ok) return failure(`error: ${done.error}`);
    return save(ctx, config, `Property "${property}" unset.\n`);
  },
});

/** `delete-cluster` and `delete-user`: the entry goes; contexts naming it stay. */
const deleteEntryVerb = (kind: "cluster" | "user", list: "clusters" | "users") =>
  defineVerb({
    name: `delete-${kind}`,
    helpKey: `config-delete-${kind}`,
    execute(ctx) {
      if (ctx.args.length !== 1) {
        // delete_cluster.go prints the help; delete_user.go's complete() says what is missing.
        if (kind === "cluster") return ok(HELP_TEXTS["config-delete-cluster"]);
        return failure(`error: user to delete is required\nSee 'kubectl config delete-user -h' for help and examples`);
      }
      const name = ctx.args[0]!;
      const config = editable(ctx);
      const path = ctx.kubeconfig.location.path;
      if (!config[list][name]) return failure(`error: cannot delete ${kind} ${name}, not in ${path}`);
      delete config[list][name];
      return save(ctx, config, `deleted ${kind} ${name} from ${path}\n`);
    },
  });

export const deleteClusterVerb = deleteEntryVerb("cluster", "clusters");
export const deleteUserVerb = deleteEntryVerb("user", "users");

/**
 * A file flag of set-cluster/set-credentials: with --embed-certs its content (base64, as the
 * *-data fields hold it), else its path relative to the kubeconfig file (where clientcmd reads it
 * from); an empty value removes the field.
 */
async function embedOrPath(ctx: KubectlContext, flag: string, fieldName: string, embed: boolean): Promise<{ ok: true; data?: string; path?: string } | { ok: false; result: CommandResult }> {
  const value = ctx.flags.string(flag);
  if (value === "") return { ok: true };
  // RelativizeAuthInfoLocalPaths/RelativizeClusterLocalPaths: written relative to the kubeconfig's own folder.
  if (!embed) return { ok: true, path: posix.relative(posix.dirname(posix.resolve(ctx.family.cwd, ctx.kubeconfig.location.path)), posix.resolve(ctx.family.cwd, value)) };
  const text = await ctx.family.readFile(value);
  if (text === undefined) return { ok: false, result: failure(`error: could not stat ${fieldName} file ${value}: stat ${value}: no such file or directory`) };
  return { ok: true, data: Buffer.from(text, "utf8").toString("base64") };
}

/** `set-cluster NAME --server ...`: the flags given merge into the entry (create_cluster.go). */
export const setClusterVerb = defineVerb({
  name: "set-cluster",
  helpKey: "config-set-cluster",
  async execute(ctx) {
    if (ctx.args.length !== 1) return unexpectedArgs(ctx, "config-set-cluster");
    const name = ctx.args[0]!;
    const config = editable(ctx);
    const entry = config.clusters[name] ?? {};
    if (ctx.flags.has("certificate-authority")) {
      const embedded = await embedOrPath(ctx, "certificate-authority", "certificate-authority", ctx.flags.bool("embed-certs"));
      if (!embedded.ok) return embedded.result;
      if (embedded.data !== undefined) {
        entry["certificate-authority-data"] = embedded.data;
        delete entry["certificate-authority"];
      } else if (embedded.path !== undefined) {
        entry["certificate-authority"] = embedded.path;
        delete entry["certificate-authority-data"];
      } else delete entry["certificate-authority"];
    } else ctx.flags.bool("embed-certs");
    for (const field of ["server", "tls-server-name", "proxy-url"]) {
      if (!ctx.flags.has(field)) continue;
      const value = ctx.flags.string(field);
      if (value === "") delete entry[field];
      else entry[field] = value;
    }
    if (ctx.flags.has("insecure-skip-tls-verify")) {
      if (ctx.flags.bool("insecure-skip-tls-verify")) {
        entry["insecure-skip-tls-verify"] = true;
        // A CA and skipping verification exclude each other: kubectl drops the CA.
        delete entry["certificate-authority"];
        delete entry["certificate-authority-data"];
      } else delete entry["insecure-skip-tls-verify"];
    }
    config.clusters[name] = entry;
    return save(ctx, config, `Cluster "${name}" set.\n`);
  },
});

/** `set-credentials NAME --token ...`: static credentials; exec and auth-provider plugins are not read (the flag warning says so). */
export const setCredentialsVerb = defineVerb({
  name: "set-credentials",
  helpKey: "config-set-credentials",
  async execute(ctx) {
    // create_authinfo.go's complete(): lowercase "unexpected", unlike the other subcommands.
    if (ctx.args.length !== 1) return failure(`error: unexpected args: [${ctx.args.join(" ")}]`, 1, HELP_TEXTS["config-set-credentials"]);
    const name = ctx.args[0]!;
    const config = editable(ctx);
    const entry = config.users[name] ?? {};
    const embed = ctx.flags.bool("embed-certs");
    if (embed && ctx.flags.string("client-certificate") === "" && ctx.flags.string("client-key") === "") return failure("error: you must specify a --client-certificate or --client-key to embed");
    // create_authinfo.go: a file is embedded as *-data, or kept as an absolute path (which clears the data).
    for (const field of ["client-certificate", "client-key"]) {
      if (!ctx.flags.has(field)) continue;
      const embedded = await embedOrPath(ctx, field, field, embed);
      if (!embedded.ok) return embedded.result;
      if (embedded.data !== undefined) {
        entry[`${field}-data`] = embedded.data;
        delete entry[field];
      } else if (embedded.path !== undefined) {
        entry[field] = embedded.path;
        delete entry[`${field}-data`];
      } else delete entry[field];
    }
    for (const field of ["token", "username", "password"]) {
      if (!ctx.flags.has(field)) continue;
      const value = ctx.flags.string(field);
      if (value === "") delete entry[field];
      else entry[field] = value;
    }
    // create_authinfo.go: one kind of credential at a time; setting a token or basic auth clears the other.
    const setToken = ctx.flags.has("token");
    const setBasic = ctx.flags.has("username") || ctx.flags.has("password");
    if (setToken && !setBasic) {
      delete entry["username"];
      delete entry["password"];
    }
    if (setBasic && !setToken) delete entry["token"];
    config.users[name] = entry;
    return save(ctx, config, `User "${name}" set.\n`);
  },
});

/** clientcmdapi.MinifyConfig: only the current context, its cluster and its user. */
function minify(config: Kubeconfig): { ok: true; config: Kubeconfig } | { ok: false; error: string } {
  if (config.currentContext === "") return { ok: false, error: "current-context must exist in order to minify" };
  const context = config.contexts[config.currentContext];
  if (!context) return { ok: false, error: `cannot locate context ${config.currentContext}` };
  const out: Kubeconfig = { ...config, contexts: { [config.currentContext]: context }, clusters: {}, users: {} };
  if (context.cluster !== "") {
    if (!config.clusters[context.cluster]) return { ok: false, error: `cannot locate cluster ${context.cluster}` };
    out.clusters[context.cluster] = config.clusters[context.cluster]!;
  }
  if (context.user !== "") {
    if (!config.users[context.user]) return { ok: false, error: `cannot locate user ${context.user}` };
    out.users[context.user] = config.users[context.user]!;
  }
  return { ok: true, config: out };
}

export const viewVerb = defineVerb({
  name: "view",
  helpKey: "config-view",
  execute(ctx) {
    let config = structuredClone(ctx.kubeconfig.config);
    ctx.flags.bool("merge"); // one file: merging changes nothing
    if (ctx.flags.bool("minify")) {
      if (ctx.flags.string("context") !== "") config.currentContext = ctx.flags.string("context");
      const minified = minify(config);
      if (!minified.ok) return failure(`error: ${minified.error}`);
      config = minified.config;
    }
    const redact = !ctx.flags.bool("raw");
    const output = ctx.flags.string("output");
    if (output === "" || output === "yaml") return ok(renderKubeconfig(config, redact));
    if (output === "json") return ok(toJSON(toV1(config, redact), { keyOrder: "asIs" }));
    if (output.startsWith("jsonpath=")) {
      const printed = printJSONPath(output.slice("jsonpath=".length), toV1(config, redact));
      return "error" in printed ? { stdout: "", stderr: printed.error, exitCode: 1 } : ok(printed.stdout);
    }
    return failure(`kadet: 'kubectl config view -o ${output}' is not simulated yet (yaml, json and jsonpath=... are)`);
  },
});

export const configVerb = defineVerb({
  name: "config",
  helpKey: "config",
  // Every subcommand of `kubectl config --help`, 1.32.
  subcommands: [
    currentContextVerb, deleteClusterVerb, deleteContextVerb, deleteUserVerb, getClustersVerb, getContextsVerb, getUsersVerb,
    renameContextVerb, setVerb, setClusterVerb, setContextVerb, setCredentialsVerb, unsetVerb, useContextVerb, viewVerb,
  ],
});
