/**
 * Preset worlds baked at build time. Building the default cluster simulates
 * its first twenty seconds, which costs a cold process a few hundred
 * milliseconds; `npm run build` runs this file once to write each preset's
 * snapshot to dist/presets/, and the CLI loads them before it makes a world.
 * A missing or unreadable file only means the world is built the slow way.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PRESETS, presetSnapshot, usePresetSnapshot } from "../sim/world/create.js";
import { parsedManifestEntries, seedParsedManifests, type WantedPod } from "../sim/kubelet/static-pods.js";
import type { StoredObject } from "../sim/api/types.js";
import type { WorldSnapshot } from "../sim/core/snapshot.js";

const SEED = 1;
const folder = new URL("../../presets/", import.meta.url);

function fileOf(preset: string): URL {
  return new URL(`${preset}-${SEED}.json`, folder);
}

export function loadBakedPresets(): void {
  for (const preset of PRESETS) {
    try {
      usePresetSnapshot(preset, SEED, JSON.parse(readFileSync(fileOf(preset), "utf8")) as WorldSnapshot<StoredObject>);
    } catch {
      // Not baked (running from source): the preset is built on first use.
    }
  }
  try {
    seedParsedManifests(JSON.parse(readFileSync(staticPodsFile, "utf8")) as [string, WantedPod | null][]);
  } catch {
    // Not baked: the kubelets parse their manifests on first use.
  }
}

// The static-pod manifests the presets' kubelets parsed while baking (kubeadm's files, as YAML).
const staticPodsFile = new URL("static-pod-manifests.json", folder);

function bake(): void {
  mkdirSync(folder, { recursive: true });
  for (const preset of PRESETS) writeFileSync(fileOf(preset), JSON.stringify(presetSnapshot(preset, SEED)));
  writeFileSync(staticPodsFile, JSON.stringify(parsedManifestEntries()));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) bake();
