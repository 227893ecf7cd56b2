import { describe, expect, it } from "vitest";
import { DockerDaemon } from "./daemon.js";

const FILES = new Map(Object.entries({ Dockerfile: "FROM alpine:3.21\nWORKDIR /app\nCOPY . .\nRUN echo hi > /greeting\nCMD [\"cat\", \"/greeting\"]\n", "a.txt": "a\n" }));

describe("the Docker daemon's state snapshots to plain JSON", () => {
  it("round-trips images, tags and the build cache: a restored daemon rebuilds fully cached to the same image", () => {
    const daemon = new DockerDaemon(() => 1000);
    const first = daemon.engine.build({ context: FILES, tags: ["app:1"] });
    const json = JSON.parse(JSON.stringify(daemon.snapshot()));
    const restored = new DockerDaemon(() => 1000);
    restored.load(json);
    const again = restored.engine.build({ context: FILES, tags: ["app:1"] });
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.steps.every((s) => s.cached)).toBe(true);
    expect(again.image.id).toBe(first.image.id);
    expect(restored.engine.imageByReference("app:1")?.id).toBe(first.image.id);
  });

  it("keeps whether the daemon runs, and refuses a snapshot of another version", () => {
    const daemon = new DockerDaemon(() => 0);
    daemon.running = false;
    const restored = new DockerDaemon(() => 0);
    restored.load(daemon.snapshot());
    expect(restored.running).toBe(false);
    expect(() => restored.load({ ...daemon.snapshot(), snapshotVersion: 99 })).toThrow(/version 99/);
  });
});
