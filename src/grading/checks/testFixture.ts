/**
 * Test fixture shared by the check types' tests: checks parsed through the
 * real loader (so tests use the authors' syntax), and one world from the
 * default preset changed through the API server, as kubectl would.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kindNamed } from "../../sim/api/kinds.js";
import { createWorld } from "../../sim/world/create.js";
import type { World } from "../../sim/world/world.js";
import { parseExercise } from "../exercise.js";
import type { Check } from "./registry.js";
import type { CheckContext } from "./types.js";

function checksFrom(yaml: string): Check[] {
  const text = `formatVersion: 1\nid: t\ntitle: t\ntopics: [pods]\ndifficulty: easy\nminutes: 1\npoints: 10\ntask: t\nchecks:\n${yaml}\nsolution: {}\nexplanation: x\n`;
  const parsed = parseExercise(text, "t.yaml");
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join("\n"));
  return parsed.exercise.checks;
}

/** One check from the YAML of its type's keys (`object: { kind: Pod, name: api }`). */
export const check = (yaml: string): Check => checksFrom(`  - id: c\n    description: d\n${yaml.replace(/^/gm, "    ")}`)[0]!;

function pod(world: World, name: string, labels: Record<string, string>, image = "nginx:1.27", namespace = "default"): void {
  const made = world.api.create(kindNamed("Pod")!, { apiVersion: "v1", kind: "Pod", metadata: { name, labels }, spec: { containers: [{ name: "main", image }] } }, namespace);
  if (!made.ok) throw new Error(made.error.message);
}
function service(world: World, name: string, selector: Record<string, string> | undefined): void {
  const made = world.api.create(kindNamed("Service")!, { apiVersion: "v1", kind: "Service", metadata: { name }, spec: { ...(selector ? { selector } : {}), ports: [{ port: 80 }] } }, "default");
  if (!made.ok) throw new Error(made.error.message);
}

export interface CheckFixture {
  /** A context on the fixture's world and workspace, with the given history and command runner. */
  ctx(history?: string[], runOnCopy?: CheckContext["runOnCopy"]): CheckContext;
}

/**
 * Pods api (app=api,tier=backend), db, front-1 (app=frontend) and broken (an
 * image tag that does not exist, so Pending); Services web, api and manual
 * (no selector); a workspace with web.yaml (a Service and a Deployment) and
 * bad.yaml (not YAML).
 */
export function checkFixture(): CheckFixture {
  const world = createWorld("default");
  pod(world, "api", { app: "api", tier: "backend" });
  pod(world, "db", { app: "db" });
  pod(world, "front-1", { app: "frontend" });
  pod(world, "broken", { app: "broken" }, "nginx:no-such-tag");
  service(world, "web", { app: "web" });
  service(world, "api", { app: "api" });
  service(world, "manual", undefined);
  world.settle();
  const workdir = mkdtempSync(join(tmpdir(), "kadet-checks-"));
  writeFileSync(
    join(workdir, "web.yaml"),
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n",
  );
  writeFileSync(join(workdir, "bad.yaml"), "kind: Pod\nmetadata: [unclosed\n");
  return { ctx: (history = [], runOnCopy = async () => ({ stdout: "", stderr: "", exitCode: 0 })) => ({ world, history, workdir, runOnCopy }) };
}
