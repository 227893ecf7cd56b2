/**
 * `kadet` in a terminal: the full-screen trainer. This is the one module that mounts the UI
 * (test/architecture.test.ts holds it to that), through a dynamic import so that the scripted
 * modes never load Ink. Loads the baked presets first so that every world the trainer opens is
 * ready at once.
 */
import { loadBakedPresets } from "./baked-presets.js";

/** `exam`: open straight on that exam's screen (`kadet exam start ID` in a terminal). */
export async function openTrainer(options: { exam?: { examId: string; seed?: number; pausable?: boolean } } = {}): Promise<number> {
  loadBakedPresets();
  letInkDrawOnATerminal();
  const { runTui } = await withoutFetch(() => import("../ui/App.js"));
  return runTui({ ...(process.env.KADET_HOME ? { home: process.env.KADET_HOME } : {}), ...(options.exam ? { exam: options.exam } : {}) });
}

/**
 * Ink decides once, when it is first imported, that a process with CI set
 * (as CI runners and some dev containers do) only prints its last frame on
 * exit: the trainer would show a blank screen. A person at a terminal is what
 * the trainer is for, so on a TTY the CI flags are cleared before Ink loads.
 */
function letInkDrawOnATerminal(): void {
  if (!process.stdout.isTTY) return;
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
}

/**
 * Ink lays out with yoga-layout, whose emscripten loader reads its inlined wasm through `fetch`
 * when the global exists. In Node that global is a lazy getter that loads all of undici, about
 * 120 ms of every trainer start for a `data:` URL; without it the loader decodes the same bytes
 * itself. The global is hidden only while the UI module (and yoga with it) is imported.
 */
async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
  const original = Object.getOwnPropertyDescriptor(globalThis, "fetch");
  if (original?.configurable) Object.defineProperty(globalThis, "fetch", { value: undefined, configurable: true, writable: true });
  try {
    return await load();
  } finally {
    if (original?.configurable) Object.defineProperty(globalThis, "fetch", original);
  }
}
