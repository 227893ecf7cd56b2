/**
 * just-bash, loaded once. Its bundle reads `globalThis.Headers` when it is
 * evaluated (for its `curl`, which the sandbox does not offer), and in Node that
 * global is a lazy getter that loads all of undici: 30-50 ms of every cold
 * `kadet sandbox -c` for nothing. While the module evaluates, `Headers` reads as
 * undefined; the real getter is put back at once, so any later reader gets it.
 */
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

type JustBash = typeof import("just-bash");

let loading: Promise<JustBash> | undefined;
let loaded: JustBash | undefined;

export function loadJustBash(): Promise<JustBash> {
  loading ??= withoutHeaders(() => import("just-bash")).then((module) => (loaded ??= module));
  return loading;
}

/**
 * just-bash now, for a caller that cannot wait (the line splitter runs inside a
 * keystroke handler). The ES module is used once loaded; before that, its
 * CommonJS build is required synchronously, a second copy that only a line typed
 * in the first moments of a session ever pays for.
 */
export function justBashNow(): JustBash {
  if (loaded) return loaded;
  const required = withoutHeadersSync(() => createRequire(import.meta.url)("just-bash") as JustBash);
  return required;
}

async function withoutHeaders<T>(load: () => Promise<T>): Promise<T> {
  const original = hideHeaders();
  try {
    return await load();
  } finally {
    restoreHeaders(original);
  }
}

function withoutHeadersSync<T>(load: () => T): T {
  const original = hideHeaders();
  try {
    return load();
  } finally {
    restoreHeaders(original);
  }
}

function hideHeaders(): PropertyDescriptor | undefined {
  const original = Object.getOwnPropertyDescriptor(globalThis, "Headers");
  if (original?.configurable) Object.defineProperty(globalThis, "Headers", { value: undefined, configurable: true, writable: true });
  return original;
}

function restoreHeaders(original: PropertyDescriptor | undefined): void {
  if (original?.configurable) Object.defineProperty(globalThis, "Headers", original);
}

let coverageReady: Promise<boolean> | undefined;

/**
 * Makes the interpreter's `coverage` writer (kadet's per-line memory watch) usable, once; false
 * when it cannot be. With a writer, just-bash imports its flag-coverage chunk at the first
 * command, inside its own defense-in-depth box, which refuses the module load ("Module._load is
 * blocked"), so every line would fail; imported here first, the later import is a cache hit. The
 * chunk imports every just-bash command (turndown's HTML parser among them): 70-250 ms, paid by
 * the first line that needs the watch, never by a session of plain kubectl lines.
 */
export function prepareCoverageWriter(): Promise<boolean> {
  coverageReady ??= preloadFlagCoverage();
  return coverageReady;
}

async function preloadFlagCoverage(): Promise<boolean> {
  try {
    const chunks = new URL("./chunks/", import.meta.resolve("just-bash"));
    const name = readdirSync(fileURLToPath(chunks)).find((f) => /^flag-coverage-[\w-]+\.js$/.test(f));
    if (name === undefined) return false;
    await import(new URL(name, chunks).href);
    return true;
  } catch {
    return false;
  }
}

type Interpreter = InstanceType<JustBash["Bash"]>;
type CoverageWriter = NonNullable<ConstructorParameters<JustBash["Bash"]>[0]>["coverage"];

/**
 * Gives a built interpreter a coverage writer for its next exec, or takes it away. just-bash takes
 * the writer only as a constructor option and keeps it in the private `coverageWriter`, which each
 * `exec` reads afresh; a line that cannot loop goes without it (and without the chunk's import).
 * `just-bash.test.ts` fails if a just-bash upgrade moves the field.
 */
export function setCoverageWriter(bash: Interpreter, writer: CoverageWriter | undefined): void {
  (bash as unknown as { coverageWriter?: CoverageWriter }).coverageWriter = writer;
}
