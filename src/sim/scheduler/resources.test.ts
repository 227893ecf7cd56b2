import { describe, expect, it } from "vitest";
import { makeNode, makePod } from "./testing.js";
import { nodeAllocatable, podRequests } from "./resources.js";

const GI = 1024 ** 3;

describe("podRequests", () => {
  // The worked example in upstream's computePodResourceRequest comment
  // (pkg/scheduler/framework/plugins/noderesources/fit.go): IC1 2cpu/1G, IC2 2cpu/3G,
  // C1 2cpu/1G, C2 1cpu/1G → CPU 3, Memory 3G.
  it("takes max(sum of containers, largest init container) per resource, as fit.go's example", () => {
    const pod = makePod("p", {
      spec: {
        initContainers: [
          { name: "ic1", image: "busybox", resources: { requests: { cpu: "2", memory: "1G" } } },
          { name: "ic2", image: "busybox", resources: { requests: { cpu: "2", memory: "3G" } } },
        ],
        containers: [
          { name: "c1", image: "nginx", resources: { requests: { cpu: "2", memory: "1G" } } },
          { name: "c2", image: "nginx", resources: { requests: { cpu: "1", memory: "1G" } } },
        ],
      },
    });
    expect(podRequests(pod)).toEqual({ cpu: 3000, memory: 3_000_000_000, ephemeralStorage: 0 });
  });

  // https://kubernetes.io/docs/concepts/scheduling-eviction/pod-overhead/ : overhead is added on top.
  it("adds spec.overhead to the effective request", () => {
    const pod = makePod("p", { cpu: "250m", memory: "120Mi", spec: { overhead: { cpu: "250m", memory: "120Mi" } } });
    expect(podRequests(pod)).toMatchObject({ cpu: 500, memory: 240 * 1024 * 1024 });
  });

  // https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#resource-sharing-within-containers
  it("counts sidecars (restartPolicy: Always init containers) with the app containers and later init containers", () => {
    const pod = makePod("p", {
      spec: {
        initContainers: [
          { name: "sidecar", image: "envoy", restartPolicy: "Always", resources: { requests: { cpu: "100m" } } },
          { name: "migrate", image: "busybox", resources: { requests: { cpu: "1" } } },
        ],
        containers: [{ name: "app", image: "nginx", resources: { requests: { cpu: "200m" } } }],
      },
    });
    // app + sidecar = 300m; migrate runs beside the sidecar = 1100m.
    expect(podRequests(pod).cpu).toBe(1100);
  });

  // schedutil.DefaultMilliCPURequest / DefaultMemoryRequest, applied only to absent requests.
  it("defaults missing cpu/memory requests to 100m / 200Mi for scoring, but keeps an explicit 0", () => {
    expect(podRequests(makePod("p"), { defaultMissing: true })).toMatchObject({ cpu: 100, memory: 200 * 1024 * 1024 });
    expect(podRequests(makePod("p", { cpu: "0" }), { defaultMissing: true }).cpu).toBe(0);
    expect(podRequests(makePod("p"))).toEqual({ cpu: 0, memory: 0, ephemeralStorage: 0 });
  });
});

describe("nodeAllocatable", () => {
  it("reads status.allocatable into millicores, bytes and a pod count", () => {
    expect(nodeAllocatable(makeNode("n", { cpu: "1500m", memory: "2Gi", pods: "110", ephemeralStorage: "10Gi" }))).toEqual({
      cpu: 1500,
      memory: 2 * GI,
      ephemeralStorage: 10 * GI,
      pods: 110,
    });
  });
});
