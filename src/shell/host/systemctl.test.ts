/**
 * systemctl on a host (issue 5 §1): systemd 255's status layout
 * (src/systemctl/systemctl-show.c print_status_info), install.c's messages,
 * LSB exit codes (status: 3 inactive, 4 no such unit), and the kubelet's unit
 * as kubeadm's packages install it (/usr/lib/systemd/system/kubelet.service +
 * kubelet.service.d/10-kubeadm.conf).
 */
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

async function onHost(name = "node01") {
  const s = new Session({ cwd: "/nonexistent-kadet-root" });
  await s.run(`ssh ${name}`);
  return s;
}

describe("systemctl status", { timeout: 30_000 }, () => {
  it("a running kubelet: systemd's layout, kubeadm's unit and drop-in, since on the virtual clock, exit 0", async () => {
    const s = await onHost();
    const r = await s.run("systemctl status kubelet");
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "● kubelet.service - kubelet: The Kubernetes Node Agent",
      "     Loaded: loaded (/usr/lib/systemd/system/kubelet.service; enabled; preset: enabled)",
      "    Drop-In: /usr/lib/systemd/system/kubelet.service.d",
      "             └─10-kubeadm.conf",
    ]);
    // The preset's cluster has been up three days when the learner arrives.
    expect(lines[4]).toMatch(/^     Active: active \(running\) since \w{3} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC; 3 days ago$/);
    expect(lines[5]).toBe("       Docs: https://kubernetes.io/docs/");
    expect(lines[6]).toMatch(/^   Main PID: \d+ \(kubelet\)$/);
    expect(lines[7]).toBe("     CGroup: /system.slice/kubelet.service");
    // The command line is 10-kubeadm.conf's arguments and the host's kubeadm-flags.env.
    expect(lines[8]).toMatch(/^             └─\d+ \/usr\/bin\/kubelet --bootstrap-kubeconfig=\/etc\/kubernetes\/bootstrap-kubelet.conf --kubeconfig=\/etc\/kubernetes\/kubelet.conf --config=\/var\/lib\/kubelet\/config.yaml --container-runtime-endpoint=unix:\/\/\/var\/run\/containerd\/containerd.sock/);
  });

  it("after stop: ○, inactive (dead) since the stop, the run's Duration, exit 3; start makes it active again", async () => {
    const s = await onHost();
    expect(await s.run("systemctl stop kubelet")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    await s.run("sleep 5");
    const r = await s.run("systemctl status kubelet");
    expect(r.exitCode).toBe(3);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("○ kubelet.service - kubelet: The Kubernetes Node Agent");
    // Each command lets the world settle, so a little more than the 5 s slept has passed.
    expect(lines[4]).toMatch(/^     Active: inactive \(dead\) since .* UTC; \d+s ago$/);
    expect(lines[5]).toMatch(/^   Duration: 3d /);
    expect(r.stdout).toContain("    Process: ");
    expect(r.stdout).toContain(" ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS (code=exited, status=0/SUCCESS)\n");
    expect(await s.run("systemctl is-active kubelet")).toEqual({ stdout: "inactive\n", stderr: "", exitCode: 3 });
    await s.run("systemctl start kubelet");
    expect(await s.run("systemctl is-active kubelet")).toEqual({ stdout: "active\n", stderr: "", exitCode: 0 });
    expect((await s.run("systemctl status kubelet")).stdout).toMatch(/Active: active \(running\) since .*; (now|\d+m?s ago)\n/);
  });

  it("restart gives a new main PID and a fresh since", async () => {
    const s = await onHost();
    const pid = (out: string) => /Main PID: (\d+)/.exec(out)?.[1];
    const before = pid((await s.run("systemctl status kubelet")).stdout);
    await s.run("sleep 10");
    expect((await s.run("systemctl restart kubelet")).exitCode).toBe(0);
    const after = await s.run("systemctl status kubelet");
    expect(pid(after.stdout)).not.toBe(before);
    expect(after.stdout).toMatch(/Active: active \(running\) since .*; (now|\d+m?s ago)\n/);
  });

  it("containerd runs since boot; stopping it is refused as not simulated", async () => {
    const s = await onHost();
    const r = await s.run("systemctl status containerd.service");
    expect(r.stdout.split("\n").slice(0, 2)).toEqual([
      "● containerd.service - containerd container runtime",
      "     Loaded: loaded (/usr/lib/systemd/system/containerd.service; enabled; preset: enabled)",
    ]);
    expect(r.stdout).toContain("       Docs: https://containerd.io\n");
    const stop = await s.run("systemctl stop containerd");
    expect([stop.exitCode, stop.stderr]).toEqual([1, "kadet: 'systemctl stop containerd' is not simulated yet: containerd always runs in kadet\n"]);
  });

  it("a unit the host does not have: systemd's words and exit codes", async () => {
    const s = await onHost();
    expect(await s.run("systemctl status nginx")).toEqual({ stdout: "", stderr: "Unit nginx.service could not be found.\n", exitCode: 4 });
    expect(await s.run("systemctl start nginx")).toEqual({ stdout: "", stderr: "Failed to start nginx.service: Unit nginx.service not found.\n", exitCode: 5 });
    expect(await s.run("systemctl is-active nginx")).toEqual({ stdout: "inactive\n", stderr: "", exitCode: 3 });
    expect((await s.run("systemctl frobnicate kubelet")).stderr).toBe("Unknown command verb 'frobnicate'.\n");
  });
});

describe("systemctl enable/disable", () => {
  it("disable removes the wants link (install.c's message), status shows disabled, enable links it again", async () => {
    const s = await onHost();
    expect(await s.run("systemctl disable kubelet")).toEqual({ stdout: "", stderr: 'Removed "/etc/systemd/system/multi-user.target.wants/kubelet.service".\n', exitCode: 0 });
    expect((await s.run("systemctl status kubelet")).stdout).toContain("kubelet.service; disabled; preset: enabled)");
    expect(await s.run("systemctl is-enabled kubelet")).toEqual({ stdout: "disabled\n", stderr: "", exitCode: 1 });
    // Disabling does not stop a running unit.
    expect((await s.run("systemctl is-active kubelet")).stdout).toBe("active\n");
    expect((await s.run("systemctl enable kubelet")).stderr).toBe("Created symlink /etc/systemd/system/multi-user.target.wants/kubelet.service → /usr/lib/systemd/system/kubelet.service.\n");
    expect((await s.run("systemctl enable kubelet")).stderr).toBe("");
  });
  it("disable --now also stops it", async () => {
    const s = await onHost();
    await s.run("systemctl disable --now kubelet");
    expect((await s.run("systemctl is-active kubelet")).exitCode).toBe(3);
  });
});

describe("where systemctl and journalctl run", () => {
  it("on the learner's terminal they point to ssh instead of acting on some host", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    const r = await s.run("systemctl status kubelet");
    expect([r.exitCode, r.stderr]).toEqual([1, "kadet: 'systemctl' runs on the cluster's machines: enter one with 'ssh NODE' first (for example 'ssh controlplane'); this terminal is not a node\n"]);
  });
  it("journalctl says it keeps no journal", async () => {
    const s = await onHost();
    const r = await s.run("journalctl -u kubelet");
    expect([r.exitCode, r.stderr]).toEqual([1, "kadet: 'journalctl' is not simulated yet: kadet keeps no journal of host services; 'systemctl status UNIT' shows a unit's state\n"]);
  });
});
