/**
 * `kadet` in a terminal: the full-screen trainer. Loads the baked presets
 * first so that every world the trainer opens is ready at once.
 */
import { loadBakedPresets } from "./baked-presets.js";

export async function openTrainer(): Promise<number> {
  loadBakedPresets();
  const { runTui } = await import("../ui/App.js");
  return runTui({ ...(process.env.KADET_HOME ? { home: process.env.KADET_HOME } : {}) });
}
