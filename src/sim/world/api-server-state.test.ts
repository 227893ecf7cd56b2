// Whether the API server answers, from what runs on the control-plane host (kubeadm's static pods):
// https://kubernetes.io/docs/tasks/configure-pod-container/static-pod/ (the kubelet runs what the
// manifests folder holds; a manifest moved out stops the component).
import { describe, expect, it } from "vitest";
import { controlPlaneComponentRunning } from "../kubelet/static-pods.js";
import { apiServerState } from "./api-server-state.js";
import { createWorld } from "./create.js";

const MANIFEST = "/etc/kubernetes/manifests/kube-apiserver.yaml";

describe("apiServerState", () => {
  it("serving; its manifest moved out: connection refused; back: serving", () => {
    const w = createWorld("default");
    expect(apiServerState(w)).toBe("serving");
    const host = w.hosts.get("controlplane")!;
    const { [MANIFEST]: manifest, ...rest } = host.files;
    w.hosts.replaceFiles("controlplane", rest, host.dirs);
    w.advance(30);
    expect(apiServerState(w)).toBe("refused");
    w.hosts.writeFile("controlplane", MANIFEST, manifest!);
    w.advance(30);
    expect(apiServerState(w)).toBe("serving");
  });

  it("a switched-off host runs nothing: its scheduler and API server are down at once, whatever their mirror pods last said", () => {
    const w = createWorld("default");
    w.hosts.setPower("controlplane", false);
    expect(controlPlaneComponentRunning(w, "kube-scheduler")).toBe(false);
    expect(apiServerState(w)).toBe("unreachable");
  });

  it("a cluster whose control plane is on none of its hosts (bare) always answers", () => {
    expect(apiServerState(createWorld("bare"))).toBe("serving");
  });
});
