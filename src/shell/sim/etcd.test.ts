/** `sim etcd`, `sim host` and `sim reset --preset ha --control-planes 5`, as the README documents them. */
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

describe("sim etcd and sim host", () => {
  it("sim reset --preset ha --control-planes 5 builds five control-plane hosts; other counts are refused", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    expect((await s.run("sim reset --preset ha --control-planes 4")).stderr).toBe("sim reset: --control-planes takes 3 or 5 (with --preset ha)\n");
    expect((await s.run("sim reset --preset ha --control-planes 5")).exitCode).toBe(0);
    expect(s.presetName()).toBe("ha5");
    expect((await s.run("sim etcd")).stdout).toMatch(/^controlplane-1 on controlplane-1: leader\n(controlplane-[2-5] on controlplane-[2-5]: follower\n){4}term 2, quorum 3 of 5\n$/);
  });

  it("sim host stop takes the host's member down and another is elected; unknown names are refused", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root", preset: "ha" });
    expect((await s.run("sim host stop controlplane-1")).stdout).toBe("host controlplane-1 stopped\n");
    expect((await s.run("sim etcd")).stdout).toBe(
      "controlplane-1 on controlplane-1: down (its host controlplane-1 is down (sim host stop))\ncontrolplane-2 on controlplane-2: leader\ncontrolplane-3 on controlplane-3: follower\nterm 3, quorum 2 of 3\n",
    );
    expect((await s.run("sim etcd stop nosuch")).exitCode).toBe(1);
    expect((await s.run("sim host start nosuch")).exitCode).toBe(1);
  });
});
