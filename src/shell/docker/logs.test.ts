import { describe, expect, it } from "vitest";
import { dockerSession } from "./testing.js";

describe("docker logs --since, -f (docs.docker.com/reference/cli/docker/container/logs/)", () => {
  it("--since with a duration counts back from now on the virtual clock; -t shows each line's time", async () => {
    const s = dockerSession();
    await s.run("docker run -d --name ticker busybox sh -c 'while true; do echo tick; sleep 2; done'");
    await s.run("sim clock advance 5s");
    // The loop printed at +0, +2 and +4 s (the clock also moved while the container was created); 3 s back reaches the last two.
    const full = (await s.run("docker logs -t ticker")).stdout.trim().split("\n");
    expect(full.length).toBeGreaterThan(2);
    expect((await s.run("docker logs --since 3s -t ticker")).stdout.trim().split("\n")).toEqual(full.slice(-2));
    expect((await s.run("docker logs --since xyz ticker")).stderr).toBe('invalid value for "since": failed to parse value as time or duration: "xyz"\n');
  });

  it("-f follows a process that ends by itself to its end, moving the clock; the client then returns", async () => {
    const s = dockerSession();
    await s.run("docker run -d --name napper busybox sleep 30");
    const before = (await s.run("docker inspect -f '{{.State.StartedAt}}' napper")).stdout.trim();
    const followed = await s.run("docker logs -f napper");
    expect([followed.stdout, followed.stderr, followed.exitCode]).toEqual(["", "", 0]);
    const state = (await s.run("docker inspect -f '{{.State.Status}} {{.State.FinishedAt}}' napper")).stdout.trim().split(" ");
    expect(state[0]).toBe("exited");
    expect(Date.parse(state[1]!) - Date.parse(before)).toBe(30_000);
  });

  it("-f on a process that never ends follows it for 30 simulated seconds (follow.ts), prints what it logged meanwhile, and says it keeps running", async () => {
    const s = dockerSession();
    await s.run("docker run -d --name ticker busybox sh -c 'while true; do echo tick; sleep 10; done'");
    const before = (await s.run("docker logs ticker")).stdout.split("\n").length;
    const r = await s.run("docker logs -f ticker");
    // A line every 10 s: following 30 s adds three.
    expect(r.stdout.split("\n").length - before).toBe(3);
    expect(r.stderr).toBe("kadet: 'docker logs -f' followed for 30 simulated seconds; ticker keeps running. A real client follows until Ctrl-C, which kadet's script mode cannot send\n");
    expect((await s.run("docker inspect -f '{{.State.Status}}' ticker")).stdout).toBe("running\n");
  });
});
