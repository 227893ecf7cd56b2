/**
 * What a RUN step does to the file system. RUN is opaque to the model except
 * for a few commands whose effect is plain (`mkdir`, `touch`, `echo ... >
 * file`, `rm`) and the package managers, whose installs add a layer of a
 * plausible, deterministic size. Anything else adds an empty layer, as
 * `RUN true` does.
 */
import { posix } from "node:path";
import { expandVariables } from "./expand.js";

export interface RunEffect {
  changes: Map<string, string | null>;
  /** Bytes the layer holds beyond the files written (installed packages). */
  extraBytes: number;
  /** Seconds the step takes on the virtual clock. */
  seconds: number;
}

const MB = 1_000_000;

/**
 * Applies a shell-form RUN's simple commands; `files` is the tree before the
 * step (read for package.json); `env` is what the shell expands `$NAME` from
 * (build args and ENV), except inside single quotes.
 */
export function runEffect(script: string, workdir: string, files: ReadonlyMap<string, string>, env?: ReadonlyMap<string, string>): RunEffect {
  const changes = new Map<string, string | null>();
  let extraBytes = 0;
  let seconds = 0.1;
  const at = (p: string) => posix.resolve("/", workdir || "/", p).slice(1);
  for (const part of script.split(/&&|;|\|\|/)) {
    const words = part.trim().split(/\s+/).filter(Boolean);
    const [cmd, ...rest] = words;
    if (!cmd) continue;
    const operands = rest.filter((w) => !w.startsWith("-"));
    const redirect = part.match(/^\s*(?:echo|printf)\s+(.*?)\s*(>>?)\s*(\S+)\s*$/);
    if (redirect) {
      const raw = redirect[1]!;
      const literal = /^'.*'$/s.test(raw) || env === undefined;
      const text = (literal ? unquote(raw) : expandVariables(unquote(raw), env)) + (part.trim().startsWith("echo") ? "\n" : "");
      const path = at(redirect[3]!);
      const before = changes.get(path) ?? files.get(path) ?? "";
      changes.set(path, redirect[2] === ">>" ? before + text : text);
    } else if (cmd === "mkdir") {
      for (const d of operands) changes.set(`${at(d)}/`, "");
    } else if (cmd === "touch") {
      for (const f of operands) changes.set(at(f), files.get(at(f)) ?? "");
    } else if (cmd === "rm") {
      for (const f of operands) changes.set(at(f), null);
    } else if (cmd === "npm" && ["install", "i", "ci"].includes(rest[0] ?? "")) {
      const deps = dependencyCount(files.get(at("package.json")));
      changes.set(`${at("node_modules")}/`, "");
      changes.set(at("node_modules/.package-lock.json"), `{"packages":${deps}}\n`);
      extraBytes += Math.round((0.5 + 4.5 * deps) * MB);
      seconds += 1.5 + 0.8 * deps;
    } else if (cmd === "pip" || cmd === "pip3") {
      const packages = rest[0] === "install" ? Math.max(1, operands.length - 1) : 0;
      extraBytes += packages * 6 * MB;
      seconds += 1 + packages * 1.2;
    } else if (cmd === "apt-get" && rest[0] === "update") {
      changes.set("var/lib/apt/lists/", "");
      extraBytes += 45 * MB;
      seconds += 3.2;
    } else if ((cmd === "apt-get" || cmd === "apk") && (rest[0] === "install" || rest[0] === "add")) {
      const packages = operands.slice(1);
      for (const p of packages) changes.set(`usr/bin/${p}`, `#!${p}\n`);
      extraBytes += packages.length * 8 * MB;
      seconds += 1 + packages.length * 1.5;
    }
  }
  return { changes, extraBytes, seconds: Math.round(seconds * 10) / 10 };
}

function unquote(text: string): string {
  return text.replace(/^"(.*)"$/s, "$1").replace(/^'(.*)'$/s, "$1");
}

function dependencyCount(packageJson: string | undefined): number {
  if (!packageJson) return 0;
  try {
    const parsed = JSON.parse(packageJson) as { dependencies?: Record<string, string> };
    return Object.keys(parsed.dependencies ?? {}).length;
  } catch {
    return 0;
  }
}
