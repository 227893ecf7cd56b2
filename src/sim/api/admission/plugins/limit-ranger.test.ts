/**
 * LimitRanger through a real API server, against
 * plugin/pkg/admission/limitranger/admission.go (1.32) and the docs' walk-throughs:
 * https://kubernetes.io/docs/concepts/policy/limit-range/
 * https://kubernetes.io/docs/tasks/administer-cluster/manage-resources/memory-default-namespace/
 */
import { describe, expect, it } from "vitest";
import { Clock } from "../../../core/clock.js";
import { Rng } from "../../../core/random.js";
import { ServiceAllocator } from "../../allocators.js";
import { kindNamed } from "../../kinds.js";
import { ApiServer } from "../../server.js";
import { ObjectStore } from "../../store.js";
import { admission } from "../index.js";
import { aggregateMessage } from "./limit-ranger.js";

type AnyObj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const kind = (name: string) => kindNamed(name)!;

function server(...limits: AnyObj[]) {
  const store = new ObjectStore();
  const rng = new Rng(3);
  const api = new ApiServer(store, new Clock(), rng, admission, new ServiceAllocator(store, rng));
  api.create(kind("Namespace"), { apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } }, undefined);
  if (limits.length > 0) {
    const lr = api.create(kind("LimitRange"), { apiVersion: "v1", kind: "LimitRange", metadata: { name: "limits" }, spec: { limits } }, "default");
    if (!lr.ok) throw new Error(lr.error.message);
  }
  return api;
}

const pod = (containers: AnyObj[], extra: AnyObj = {}) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "x" }, spec: { containers, ...extra } });
const web = (resources?: AnyObj) => ({ name: "web", image: "nginx", ...(resources ? { resources } : {}) });
const createPod = (api: ApiServer, containers: AnyObj[], extra: AnyObj = {}) => api.create(kind("Pod"), pod(containers, extra), "default");
const refusal = (r: { ok: boolean; error?: { code: number; message: string } }) => (!r.ok ? [r.error!.code, r.error!.message] : "admitted");

const DEFAULTS = { type: "Container", default: { cpu: "500m", memory: "512Mi" }, defaultRequest: { cpu: "250m", memory: "256Mi" } };

describe("LimitRanger defaults (PodMutateLimitFunc, mergeContainerResources)", () => {
  const api = server(DEFAULTS);
  it("fills a bare container's requests and limits and says so in kubernetes.io/limit-ranger", () => {
    const r = createPod(api, [web()]);
    expect(r.ok && (r.value.spec as AnyObj).containers[0].resources).toEqual({ limits: { cpu: "500m", memory: "512Mi" }, requests: { cpu: "250m", memory: "256Mi" } });
    expect(r.ok && r.value.metadata.annotations?.["kubernetes.io/limit-ranger"]).toBe(
      "LimitRanger plugin set: cpu, memory request for container web; cpu, memory limit for container web",
    );
  });
  it("keeps what the container set; a limit without a request got its request from the limit before LimitRanger ran", () => {
    const r = api.create(kind("Pod"), { ...pod([web({ limits: { memory: "1Gi" } })]), metadata: { name: "y" } }, "default");
    // SetDefaults_Pod copies limits to missing requests first, so only cpu is left to default.
    expect(r.ok && (r.value.spec as AnyObj).containers[0].resources).toEqual({ limits: { memory: "1Gi", cpu: "500m" }, requests: { memory: "1Gi", cpu: "250m" } });
    expect(r.ok && r.value.metadata.annotations?.["kubernetes.io/limit-ranger"]).toBe("LimitRanger plugin set: cpu request for container web; cpu limit for container web");
  });
  it("init containers are defaulted too, named as init containers", () => {
    const r = api.create(kind("Pod"), { ...pod([web()], { initContainers: [{ name: "setup", image: "busybox" }] }), metadata: { name: "z" } }, "default");
    expect(r.ok && r.value.metadata.annotations?.["kubernetes.io/limit-ranger"]).toMatch(/; cpu, memory request for init container setup; cpu, memory limit for init container setup$/);
  });
  it("the defaults count for the QoS class: a bare pod is Burstable under this range", () => {
    const r = api.create(kind("Pod"), { ...pod([web()]), metadata: { name: "q" } }, "default");
    expect(r.ok && (r.value.status as AnyObj).qosClass).toBe("Burstable");
  });
  it("a Deployment's template is not touched (only pods are)", () => {
    const d = api.create(kind("Deployment"), {
      apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" },
      spec: { selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } }, spec: { containers: [web()] } } },
    }, "default");
    expect(d.ok && (d.value.spec as AnyObj).template.spec.containers[0].resources).toBeUndefined();
  });
});

describe("LimitRanger min, max and ratio (PodValidateLimitFunc), messages verbatim", () => {
  it("max per Container: the limit over max is refused", () => {
    const r = createPod(server({ type: "Container", max: { cpu: "500m" } }), [web({ limits: { cpu: "1" } })]);
    expect(refusal(r)).toEqual([403, 'pods "x" is forbidden: maximum cpu usage per Container is 500m, but limit is 1']);
  });
  it("max alone also becomes the default limit (SetDefaults_LimitRangeItem), so a bare container gets limit = max", () => {
    const r = createPod(server({ type: "Container", max: { memory: "1Gi" } }), [web()]);
    expect(r.ok && (r.value.spec as AnyObj).containers[0].resources).toEqual({ limits: { memory: "1Gi" }, requests: { memory: "1Gi" } });
  });
  it("min per Container: a request under min", () => {
    const r = createPod(server({ type: "Container", min: { memory: "256Mi" } }), [web({ requests: { memory: "100Mi" }, limits: { memory: "1Gi" } })]);
    expect(refusal(r)).toEqual([403, 'pods "x" is forbidden: minimum memory usage per Container is 256Mi, but request is 100Mi']);
  });
  it("ratio per Container: limit / request above maxLimitRequestRatio, printed with %f", () => {
    const r = createPod(server({ type: "Container", maxLimitRequestRatio: { cpu: "2" } }), [web({ requests: { cpu: "250m" }, limits: { cpu: "1" } })]);
    expect(refusal(r)).toEqual([403, 'pods "x" is forbidden: cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000']);
  });
  it("ratio with no limit says so", () => {
    const r = createPod(server({ type: "Container", maxLimitRequestRatio: { memory: "2" } }), [web({ requests: { memory: "1Gi" } })]);
    expect(refusal(r)).toEqual([403, 'pods "x" is forbidden: memory max limit to request ratio per Container is 2, but no limit is specified or limit is 0']);
  });
  it("max per Pod sums the containers", () => {
    const api = server({ type: "Pod", max: { cpu: "1" } });
    const r = createPod(api, [web({ limits: { cpu: "600m" } }), { name: "side", image: "busybox", resources: { limits: { cpu: "600m" } } }]);
    expect(refusal(r)).toEqual([403, 'pods "x" is forbidden: maximum cpu usage per Pod is 1, but limit is 1200m']);
  });
  it("several violations are one aggregate message in brackets", () => {
    const api = server({ type: "Container", max: { cpu: "500m", memory: "256Mi" } });
    const r = createPod(api, [web({ limits: { cpu: "1", memory: "1Gi" } })]);
    expect(refusal(r)).toEqual([403, 'pods "x" is forbidden: [maximum cpu usage per Container is 500m, but limit is 1, maximum memory usage per Container is 256Mi, but limit is 1Gi]']);
    expect(aggregateMessage(["a", "a"])).toBe("a");
  });
  it("within bounds, the pod is admitted", () => {
    const r = createPod(server({ type: "Container", max: { cpu: "1" }, min: { cpu: "100m" } }), [web({ requests: { cpu: "200m" }, limits: { cpu: "1" } })]);
    expect(r.ok).toBe(true);
  });
});

describe("LimitRanger for PersistentVolumeClaims (PersistentVolumeClaimValidateLimitFunc)", () => {
  const claim = (storage: string, name = "data") => ({
    apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name },
    spec: { accessModes: ["ReadWriteOnce"], storageClassName: "", resources: { requests: { storage } } },
  });
  const api = server({ type: "PersistentVolumeClaim", min: { storage: "1Gi" }, max: { storage: "2Gi" } });
  it("a claim above max is refused by its request", () => {
    expect(refusal(api.create(kind("PersistentVolumeClaim"), claim("5Gi"), "default"))).toEqual([
      403, 'persistentvolumeclaims "data" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi',
    ]);
  });
  it("a claim below min is refused", () => {
    expect(refusal(api.create(kind("PersistentVolumeClaim"), claim("500Mi"), "default"))).toEqual([
      403, 'persistentvolumeclaims "data" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi',
    ]);
  });
  it("a claim within bounds is admitted; a claim is not defaulted", () => {
    expect(api.create(kind("PersistentVolumeClaim"), claim("1Gi", "ok"), "default").ok).toBe(true);
  });
});
