/**
 * Preset worlds baked at build time. Building the default cluster simulates
 * its first twenty seconds, which costs a cold process a few hundred
 * milliseconds; `npm run build` runs this file once to write each preset's
 * snapshot to dist/presets/, and the CLI loads them before it makes a world.
 * A missing or unreadable file only means the world is built the slow way.
 * It also writes the content indexes (content/baked-index.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PRESETS, presetSnapshot, usePresetSnapshot } from "../sim/world/create.js";
import { parsedManifestEntries, seedParsedManifests, type WantedPod } from "../sim/kubelet/static-pods.js";
import { parsedMemberEntries, seedParsedMembers, type MemberSpec } from "../sim/etcd/members.js";
import type { StoredObject } from "../sim/api/types.js";
import type { WorldSnapshot } from "../sim/core/snapshot.js";

const SEED = 1;
const folder = new URL("../../presets/", import.meta.url);

function fileOf(preset: string): URL {
  return new URL(`${preset}-${SEED}.json`, folder);
}

export function loadBakedPresets(): void {
  for (const preset of PRESETS) usePresetSnapshot(preset, SEED, () => readBaked<WorldSnapshot<StoredObject>>(fileOf(preset)));
  const parsedManifests = readBaked<[string, WantedPod | null][]>(staticPodsFile);
  // Not baked: the kubelets parse their manifests on first use.
  if (parsedManifests) seedParsedManifests(parsedManifests);
  const members = readBaked<[string, MemberSpec | null][]>(etcdMembersFile);
  if (members) seedParsedMembers(members);
}

/** A baked file's content; undefined when it is missing or unreadable (running from source: built on first use). */
function readBaked<T>(file: URL): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

// The static-pod manifests the presets' kubelets parsed while baking (kubeadm's files, as YAML).
const staticPodsFile = new URL("static-pod-manifests.json", folder);
// The etcd members the presets' control-plane hosts' etcd.yaml describe (parsed from YAML too).
const etcdMembersFile = new URL("etcd-members.json", folder);

async function bake(): Promise<void> {
  // The shipped content as parsed now (dist/content/*.json): used while its files are unchanged.
  // Imported here only: every `kadet sandbox` loads this module, and must not load the content parsers.
  const { bakeExerciseIndex, loadExercises } = await import("../grading/exercise.js");
  const { bakeLessonIndex } = await import("../content/lessons.js");
  const { bakeExamIndex } = await import("../exam/definition.js");
  bakeExerciseIndex();
  bakeLessonIndex();
  bakeExamIndex(loadExercises().exercises);
  mkdirSync(folder, { recursive: true });
  for (const preset of PRESETS) writeFileSync(fileOf(preset), JSON.stringify(presetSnapshot(preset, SEED)));
  writeFileSync(staticPodsFile, JSON.stringify(parsedManifestEntries()));
  writeFileSync(etcdMembersFile, JSON.stringify(parsedMemberEntries()));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await bake();
