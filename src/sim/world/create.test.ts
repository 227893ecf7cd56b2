import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import { createWorld, presetSnapshot, usePresetSnapshot } from "./create.js";

describe("preset snapshots", () => {
  it("a world restored from a JSON snapshot behaves exactly like one built from scratch", () => {
    const fresh = createWorld("default", 3);
    const baked = JSON.parse(JSON.stringify(presetSnapshot("default", 3)));
    usePresetSnapshot("default", 4, baked);
    const restored = createWorld("default", 4);
    const deploy = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 2, selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c", image: "nginx" }] } } } };
    for (const world of [fresh, restored]) {
      world.api.create(kindNamed("Deployment")!, deploy, "default");
      world.advance(30);
    }
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(fresh.snapshot()));
  });

  it("worlds made from one preset are independent of each other", () => {
    const a = createWorld("default");
    const b = createWorld("default");
    a.api.create(kindNamed("Namespace")!, { apiVersion: "v1", kind: "Namespace", metadata: { name: "only-in-a" } }, undefined);
    expect(b.api.find(kindNamed("Namespace")!, undefined, "only-in-a")).toBeUndefined();
  });
});
