/**
 * The admission chain through a real API server: each plugin against what
 * the upstream plugin does (plugin/pkg/admission/..., cited per block).
 */
import { describe, expect, it } from "vitest";
import { Clock } from "../../../core/clock.js";
import { Rng } from "../../../core/random.js";
import { ServiceAllocator } from "../../allocators.js";
import { kindNamed } from "../../kinds.js";
import { ApiServer } from "../../server.js";
import { ObjectStore } from "../../store.js";
import { admission } from "../index.js";
import { ADMISSION_CHAIN } from "./chain.js";

type AnyObj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const kind = (name: string) => kindNamed(name)!;

function server() {
  const store = new ObjectStore();
  const rng = new Rng(3);
  const api = new ApiServer(store, new Clock(), rng, admission, new ServiceAllocator(store, rng));
  api.create(kind("Namespace"), { apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } }, undefined);
  return api;
}

const pod = (spec: AnyObj = {}, name = "web") => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { containers: [{ name: "c", image: "nginx" }], ...spec },
});

function createPod(api: ApiServer, spec: AnyObj = {}) {
  return api.create(kind("Pod"), pod(spec), "default");
}

describe("the chain is kube-apiserver's (pkg/kubeapiserver/options/plugins.go AllOrderedPlugins, default-on plus kubeadm's NodeRestriction)", () => {
  it("lists the plugins in upstream order", () => {
    expect(ADMISSION_CHAIN.map((p) => p.name)).toEqual([
      "NamespaceLifecycle", "LimitRanger", "ServiceAccount", "NodeRestriction", "TaintNodesByCondition", "PodSecurity",
      "Priority", "DefaultTolerationSeconds", "DefaultStorageClass", "StorageObjectInUseProtection",
      "PersistentVolumeClaimResize", "RuntimeClass", "CertificateApproval", "CertificateSigning", "ClusterTrustBundleAttest",
      "CertificateSubjectRestriction", "DefaultIngressClass", "MutatingAdmissionWebhook", "ValidatingAdmissionPolicy",
      "ValidatingAdmissionWebhook", "ResourceQuota",
    ]);
  });
  it("LimitRanger, PodSecurity and ResourceQuota are plugins kadet runs, not absent slots", () => {
    for (const name of ["LimitRanger", "PodSecurity", "ResourceQuota"]) {
      const slot = ADMISSION_CHAIN.find((p) => p.name === name) as { absent?: string };
      expect(slot.absent).toBeUndefined();
    }
  });
});

describe("NamespaceLifecycle", () => {
  it("refuses content in a missing namespace with NotFound", () => {
    const api = server();
    const r = api.create(kind("ConfigMap"), { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "nope" } }, undefined);
    expect(!r.ok && [r.error.code, r.error.message]).toEqual([404, 'namespaces "nope" not found']);
  });
});

describe("ServiceAccount", () => {
  it("a new pod runs as the default service account; an update does not add it", () => {
    const api = server();
    const created = createPod(api);
    expect(created.ok && (created.value.spec as AnyObj).serviceAccountName).toBe("default");
    expect(created.ok && (created.value.spec as AnyObj).serviceAccount).toBe("default");
  });
});

describe("Priority (plugin/pkg/admission/priority/admission.go)", () => {
  it("no class and no globalDefault class: priority 0, PreemptLowerPriority", () => {
    const r = createPod(server());
    expect(r.ok && [(r.value.spec as AnyObj).priority, (r.value.spec as AnyObj).preemptionPolicy]).toEqual([0, "PreemptLowerPriority"]);
  });
  it("priorityClassName sets the class's value and preemptionPolicy", () => {
    const api = server();
    api.create(kind("PriorityClass"), { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "high" }, value: 1000, preemptionPolicy: "Never" }, undefined);
    const r = createPod(api, { priorityClassName: "high" });
    expect(r.ok && [(r.value.spec as AnyObj).priority, (r.value.spec as AnyObj).preemptionPolicy]).toEqual([1000, "Never"]);
  });
  it("a globalDefault class applies to pods that name none, and its name is written into the pod", () => {
    const api = server();
    api.create(kind("PriorityClass"), { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "normal" }, value: 50, globalDefault: true }, undefined);
    const r = createPod(api);
    expect(r.ok && [(r.value.spec as AnyObj).priorityClassName, (r.value.spec as AnyObj).priority]).toEqual(["normal", 50]);
  });
  it("a missing class is Forbidden in the plugin's words", () => {
    const r = createPod(server(), { priorityClassName: "gold" });
    expect(!r.ok && [r.error.reason, r.error.message]).toEqual(["Forbidden", 'pods "web" is forbidden: no PriorityClass with name gold was found']);
  });
  it("a priority that disagrees with the class is Forbidden", () => {
    const r = createPod(server(), { priority: 7 });
    expect(!r.ok && r.error.message).toBe(
      'pods "web" is forbidden: the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name',
    );
  });
});

describe("DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds)", () => {
  it("adds not-ready and unreachable NoExecute tolerations for 300s after the pod's own", () => {
    const own = { key: "gpu", operator: "Exists", effect: "NoSchedule" };
    const r = createPod(server(), { tolerations: [own] });
    expect(r.ok && (r.value.spec as AnyObj).tolerations).toEqual([
      own,
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ]);
  });
  it("does not add a toleration the pod already has, nor any when it tolerates everything", () => {
    const own = { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 };
    const r = createPod(server(), { tolerations: [own] });
    expect(r.ok && (r.value.spec as AnyObj).tolerations).toEqual([
      own,
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ]);
    const all = server().create(kind("Pod"), pod({ tolerations: [{ operator: "Exists" }] }, "x"), "default");
    expect(all.ok && (all.value.spec as AnyObj).tolerations).toEqual([{ operator: "Exists" }]);
  });
});

describe("DefaultStorageClass (plugin/pkg/admission/storage/storageclass/setdefault)", () => {
  const pvc = (spec: AnyObj) => ({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec } });
  function withDefaultClass() {
    const api = server();
    api.create(kind("StorageClass"), {
      apiVersion: "storage.k8s.io/v1", kind: "StorageClass", provisioner: "rancher.io/local-path",
      metadata: { name: "standard", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
    }, undefined);
    return api;
  }
  it("a claim that names no class gets the default class", () => {
    const r = withDefaultClass().create(kind("PersistentVolumeClaim"), pvc({}), "default");
    expect(r.ok && (r.value.spec as AnyObj).storageClassName).toBe("standard");
  });
  it('storageClassName: "" asks for no class and is kept', () => {
    const r = withDefaultClass().create(kind("PersistentVolumeClaim"), pvc({ storageClassName: "" }), "default");
    expect(r.ok && (r.value.spec as AnyObj).storageClassName).toBe("");
  });
  it("without a default class the field stays unset", () => {
    const r = server().create(kind("PersistentVolumeClaim"), pvc({}), "default");
    expect(r.ok && (r.value.spec as AnyObj).storageClassName).toBeUndefined();
  });
});

describe("PodSecurity (pod-security-admission admission/admission.go)", () => {
  function labelled(labels: Record<string, string>) {
    const api = server();
    api.create(kind("Namespace"), { apiVersion: "v1", kind: "Namespace", metadata: { name: "ps", labels } }, undefined);
    return api;
  }
  it("warn: the write succeeds and the result carries the warning; a workload's template is only warned about, even under enforce", () => {
    const r = labelled({ "pod-security.kubernetes.io/warn": "baseline" }).create(kind("Pod"), pod({ hostPID: true }), "ps");
    expect(r.ok && r.warnings).toEqual(['would violate PodSecurity "baseline:latest": host namespaces (hostPID=true)']);
    const deployment = {
      apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" },
      spec: { selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } }, spec: { hostIPC: true, containers: [{ name: "c", image: "nginx" }] } } },
    };
    const d = labelled({ "pod-security.kubernetes.io/enforce": "baseline" }).create(kind("Deployment"), deployment, "ps");
    expect(d.ok && d.warnings).toEqual(['would violate PodSecurity "baseline:latest": host namespaces (hostIPC=true)']);
  });
  it("enforce: Forbidden with the pod's name; an update that changes no image is not checked again", () => {
    const api = labelled({});
    const created = api.create(kind("Pod"), pod({ hostNetwork: true }), "ps");
    expect(created.ok).toBe(true);
    const ns = api.get(kind("Namespace"), undefined, "ps");
    const relabelled = api.update(kind("Namespace"), { ...(ns.ok ? ns.value : {}), metadata: { ...(ns.ok ? ns.value.metadata : {}), labels: { "pod-security.kubernetes.io/enforce": "baseline" } } } as never);
    expect(relabelled.ok && relabelled.warnings).toEqual([
      'existing pods in namespace "ps" violate the new PodSecurity enforce level "baseline:latest"',
      "web: host namespaces",
    ]);
    const live = api.get(kind("Pod"), "ps", "web");
    const annotated = api.update(kind("Pod"), { ...(live.ok ? live.value : {}), metadata: { ...(live.ok ? live.value.metadata : {}), annotations: { a: "b" } } } as never);
    expect(annotated.ok).toBe(true);
    const second = api.create(kind("Pod"), pod({ hostNetwork: true }, "web2"), "ps");
    expect(!second.ok && second.error.message).toBe('pods "web2" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true)');
  });
});
