import { describe, expect, it } from "vitest";
import { DockerDaemon } from "./daemon.js";
import type { RunOptions } from "./containers.js";

function daemonAt(clock: { now: number }) {
  const daemon = new DockerDaemon(() => clock.now);
  const image = daemon.engine.pull("busybox");
  if (!image.ok) throw new Error(image.error);
  return { daemon, image: image.image };
}

const options = (over: Partial<RunOptions>): RunOptions => ({ imageName: "busybox", args: [], env: [], ports: [], restart: { name: "no" }, autoRemove: false, tty: false, openStdin: false, ...over });

describe("the daemon's containers on the virtual clock", () => {
  // https://docs.docker.com/engine/containers/start-containers-automatically/#restart-policy-details:
  // "An increasing delay (double the previous delay, starting at 100 milliseconds) is added before each restart".
  it("restart delays double from 100 ms: a process that fails at once restarts at 0.1, 0.3, 0.7, 1.5 s", () => {
    const clock = { now: 0 };
    const { daemon, image } = daemonAt(clock);
    const created = daemon.containers.create(image, options({ args: ["false"], restart: { name: "always" } }));
    if (!created.ok) throw new Error(created.error);
    daemon.containers.start(created.value);
    const starts: number[] = [];
    for (clock.now = 0; clock.now <= 1600; clock.now += 50) {
      daemon.containers.catchUp();
      const runs = created.value.runtime.runs.map((r) => r.startedAt);
      for (const s of runs) if (!starts.includes(s)) starts.push(s);
    }
    expect(starts).toEqual([0, 100, 300, 700, 1500]);
  });

  it("catching up once equals catching up at every step (idle time can be skipped)", () => {
    const run = (step: number) => {
      const clock = { now: 0 };
      const { daemon, image } = daemonAt(clock);
      for (const [args, restart] of [[["false"], { name: "on-failure", maximumRetryCount: 5 }], [["sleep", "3"], { name: "always" }], [["echo", "x"], { name: "no" }]] as const) {
        const c = daemon.containers.create(image, options({ args: [...args], restart }));
        if (c.ok) daemon.containers.start(c.value);
      }
      for (clock.now = 0; clock.now < 20_000; clock.now += step) daemon.containers.catchUp();
      clock.now = 20_000;
      daemon.containers.catchUp();
      return JSON.stringify(daemon.snapshot().containers);
    };
    expect(run(20_000)).toBe(run(10));
  });
});
