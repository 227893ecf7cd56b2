// Each default is checked against upstream: pkg/apis/core/v1/defaults.go,
// pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go, and the
// admission plugins plugin/pkg/admission/{serviceaccount,priority,defaulttolerationseconds}.
import { describe, expect, it } from "vitest";
import { kindNamed, type KindInfo } from "../kinds.js";
import type { KubeObject } from "../types.js";
import { applyDefaults } from "./defaults.js";
import { defaultPullPolicy, parseImageReference } from "./image.js";

const kind = (name: string): KindInfo => kindNamed(name)!;
type AnyObj = Record<string, any>;

function pod(spec: AnyObj = {}): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { containers: [{ name: "c", image: "nginx:1.27" }], ...spec } };
}
const defaultedPod = (spec: AnyObj = {}, operation: "create" | "update" = "create") =>
  applyDefaults(pod(spec), kind("Pod"), { operation }) as AnyObj;

function deployment(spec: AnyObj = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web" },
    spec: {
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx", resources: { limits: { cpu: "1000m" } } }] } },
      ...spec,
    },
  };
}

describe("applyDefaults is pure", () => {
  it("returns a new object and leaves the input untouched", () => {
    const input = pod();
    const before = JSON.stringify(input);
    const out = applyDefaults(input, kind("Pod"));
    expect(out).not.toBe(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(applyDefaults(input, kind("Pod"))).toEqual(out);
  });
});

describe("image pull policy (SetDefaults_Container + parsers.ParseImageName)", () => {
  it.each([
    ["nginx", "Always"],
    ["nginx:latest", "Always"],
    ["nginx:1.27", "IfNotPresent"],
    ["localhost:5000/nginx", "Always"],
    ["localhost:5000/nginx:2", "IfNotPresent"],
    ["nginx@sha256:abc", "IfNotPresent"],
  ])("%s → %s", (image, want) => {
    expect(defaultPullPolicy(image)).toBe(want);
    const out = defaultedPod({ containers: [{ name: "c", image }] });
    expect(out.spec.containers[0].imagePullPolicy).toBe(want);
  });

  it("keeps an explicit policy", () => {
    expect(defaultedPod({ containers: [{ name: "c", image: "nginx", imagePullPolicy: "Never" }] }).spec.containers[0].imagePullPolicy).toBe("Never");
  });

  it("separates registry port from tag", () => {
    expect(parseImageReference("reg:5000/team/app:v1")).toEqual({ repository: "reg:5000/team/app", tag: "v1", digest: "" });
  });
});

describe("container defaults (SetDefaults_Container, SetDefaults_ContainerPort, SetDefaults_Probe, SetDefaults_HTTPGetAction)", () => {
  const c = defaultedPod({
    containers: [
      {
        name: "c",
        image: "nginx:1.27",
        ports: [{ containerPort: 80 }],
        livenessProbe: { httpGet: { port: 80 } },
        env: [{ name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
      },
    ],
  }).spec.containers[0];

  it("terminationMessagePath /dev/termination-log and policy File", () => {
    expect(c.terminationMessagePath).toBe("/dev/termination-log");
    expect(c.terminationMessagePolicy).toBe("File");
  });
  it("port protocol TCP", () => expect(c.ports[0].protocol).toBe("TCP"));
  it("probe timeouts 1/10/1/3 and httpGet path / scheme HTTP", () => {
    expect(c.livenessProbe).toEqual({ httpGet: { port: 80, path: "/", scheme: "HTTP" }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  });
  it("fieldRef apiVersion v1 (SetDefaults_ObjectFieldSelector)", () => {
    expect(c.env[0].valueFrom.fieldRef.apiVersion).toBe("v1");
  });
});

describe("pod spec defaults (SetDefaults_PodSpec, SetDefaults_Pod)", () => {
  const spec = defaultedPod().spec;
  it.each([
    ["restartPolicy", "Always"],
    ["dnsPolicy", "ClusterFirst"],
    ["schedulerName", "default-scheduler"],
    ["terminationGracePeriodSeconds", 30],
    ["enableServiceLinks", true],
  ])("%s = %s", (field, want) => expect(spec[field]).toBe(want));
  it("securityContext = {}", () => expect(spec.securityContext).toEqual({}));

  it("requests default to limits for each resource without a request (SetDefaults_Pod)", () => {
    const out = defaultedPod({ containers: [{ name: "c", image: "nginx", resources: { limits: { cpu: "500m", memory: "128Mi" }, requests: { cpu: "100m" } } }] });
    expect(out.spec.containers[0].resources).toEqual({ limits: { cpu: "500m", memory: "128Mi" }, requests: { cpu: "100m", memory: "128Mi" } });
  });

  it("hostNetwork pods get hostPort = containerPort", () => {
    const out = defaultedPod({ hostNetwork: true, containers: [{ name: "c", image: "nginx", ports: [{ containerPort: 8080 }] }] });
    expect(out.spec.containers[0].ports[0].hostPort).toBe(8080);
  });

  it("volumes: empty source becomes emptyDir, configMap/secret defaultMode 420, hostPath type \"\"", () => {
    const out = defaultedPod({ volumes: [{ name: "a" }, { name: "b", configMap: { name: "cm" } }, { name: "c", secret: { secretName: "s" } }, { name: "d", hostPath: { path: "/x" } }] });
    expect(out.spec.volumes).toEqual([
      { name: "a", emptyDir: {} },
      { name: "b", configMap: { name: "cm", defaultMode: 420 } },
      { name: "c", secret: { secretName: "s", defaultMode: 420 } },
      { name: "d", hostPath: { path: "/x", type: "" } },
    ]);
  });

  it("quantities are stored canonically (resource.Quantity.String)", () => {
    const out = defaultedPod({ containers: [{ name: "c", image: "nginx", resources: { limits: { cpu: 0.5, memory: "1024Mi" }, requests: { cpu: "0.1", memory: "1.5Gi" } } }] });
    expect(out.spec.containers[0].resources).toEqual({ limits: { cpu: "500m", memory: "1Gi" }, requests: { cpu: "100m", memory: "1536Mi" } });
  });
});

// Pod admission on create (ServiceAccount, Priority, DefaultTolerationSeconds) moved to plugins/chain.test.ts.

describe("Deployment (apps/v1 SetDefaults_Deployment)", () => {
  const spec = (applyDefaults(deployment(), kind("Deployment")) as AnyObj).spec;
  it("replicas 1, revisionHistoryLimit 10, progressDeadlineSeconds 600", () => {
    expect([spec.replicas, spec.revisionHistoryLimit, spec.progressDeadlineSeconds]).toEqual([1, 10, 600]);
  });
  it("strategy RollingUpdate with 25%/25%", () => {
    expect(spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } });
  });
  it("Recreate gets no rollingUpdate", () => {
    const out = applyDefaults(deployment({ strategy: { type: "Recreate" } }), kind("Deployment")) as AnyObj;
    expect(out.spec.strategy).toEqual({ type: "Recreate" });
  });
  it("template gets PodSpec defaults but not Pod-only ones (no requests from limits, no enableServiceLinks, no tolerations)", () => {
    const t = spec.template.spec;
    expect(t.restartPolicy).toBe("Always");
    expect(t.containers[0].imagePullPolicy).toBe("Always");
    expect(t.containers[0].resources).toEqual({ limits: { cpu: "1" } });
    expect(t.enableServiceLinks).toBeUndefined();
    expect(t.tolerations).toBeUndefined();
    expect(t.serviceAccountName).toBeUndefined();
  });
  it("keeps explicit replicas: 0", () => {
    expect((applyDefaults(deployment({ replicas: 0 }), kind("Deployment")) as AnyObj).spec.replicas).toBe(0);
  });
});

describe("ReplicaSet, DaemonSet, StatefulSet, Job, CronJob", () => {
  it("ReplicaSet replicas 1 (SetDefaults_ReplicaSet)", () => {
    const rs = { ...deployment(), kind: "ReplicaSet" };
    expect((applyDefaults(rs, kind("ReplicaSet")) as AnyObj).spec.replicas).toBe(1);
  });
  it("DaemonSet updateStrategy RollingUpdate maxUnavailable 1 maxSurge 0, revisionHistoryLimit 10 (SetDefaults_DaemonSet)", () => {
    const ds = applyDefaults({ ...deployment(), kind: "DaemonSet" }, kind("DaemonSet")) as AnyObj;
    expect(ds.spec.updateStrategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(ds.spec.revisionHistoryLimit).toBe(10);
  });
  it("StatefulSet OrderedReady, partition 0, Retain/Retain (SetDefaults_StatefulSet)", () => {
    const sts = applyDefaults({ ...deployment(), kind: "StatefulSet" }, kind("StatefulSet")) as AnyObj;
    expect(sts.spec.podManagementPolicy).toBe("OrderedReady");
    expect(sts.spec.updateStrategy).toEqual({ type: "RollingUpdate", rollingUpdate: { partition: 0 } });
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: "Retain", whenScaled: "Retain" });
  });
  it("Job completions/parallelism 1, backoffLimit 6, NonIndexed (batch/v1 SetDefaults_Job)", () => {
    const job = applyDefaults({ apiVersion: "batch/v1", kind: "Job", metadata: { name: "j" }, spec: { template: { spec: { containers: [{ name: "c", image: "busybox" }], restartPolicy: "Never" } } } }, kind("Job")) as AnyObj;
    expect([job.spec.completions, job.spec.parallelism, job.spec.backoffLimit, job.spec.completionMode, job.spec.suspend]).toEqual([1, 1, 6, "NonIndexed", false]);
  });
  it("CronJob Allow, 3 successful / 1 failed kept (batch/v1 SetDefaults_CronJob)", () => {
    const cj = applyDefaults({ apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "c" }, spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec: { containers: [] } } } } } }, kind("CronJob")) as AnyObj;
    expect([cj.spec.concurrencyPolicy, cj.spec.suspend, cj.spec.successfulJobsHistoryLimit, cj.spec.failedJobsHistoryLimit]).toEqual(["Allow", false, 3, 1]);
  });
});

describe("Service (SetDefaults_Service)", () => {
  const svc = (spec: AnyObj) => (applyDefaults({ apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec }, kind("Service")) as AnyObj).spec;
  it("ClusterIP, sessionAffinity None, TCP, targetPort = port, internalTrafficPolicy Cluster, IPv4 SingleStack", () => {
    expect(svc({ selector: { app: "web" }, ports: [{ port: 80 }] })).toEqual({
      selector: { app: "web" },
      ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
      type: "ClusterIP",
      sessionAffinity: "None",
      internalTrafficPolicy: "Cluster",
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
    });
  });
  it("keeps a named targetPort", () => {
    expect(svc({ ports: [{ port: 80, targetPort: "http" }] }).ports[0].targetPort).toBe("http");
  });
  it("NodePort gets externalTrafficPolicy Cluster; LoadBalancer also allocateLoadBalancerNodePorts", () => {
    expect(svc({ type: "NodePort", ports: [{ port: 80 }] }).externalTrafficPolicy).toBe("Cluster");
    expect(svc({ type: "LoadBalancer", ports: [{ port: 80 }] }).allocateLoadBalancerNodePorts).toBe(true);
  });
  it("ClientIP affinity gets a 10800s timeout", () => {
    expect(svc({ sessionAffinity: "ClientIP", ports: [{ port: 80 }] }).sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
  });
  it("ExternalName gets neither internalTrafficPolicy nor IP families", () => {
    const spec = svc({ type: "ExternalName", externalName: "example.com" });
    expect(spec.internalTrafficPolicy).toBeUndefined();
    expect(spec.ipFamilies).toBeUndefined();
  });
});

describe("Namespace, Secret, Node, PV, PVC, LimitRange", () => {
  it("Namespace gets kubernetes.io/metadata.name label (SetDefaults_Namespace) and the kubernetes finalizer", () => {
    const ns = applyDefaults({ apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } }, kind("Namespace")) as AnyObj;
    expect(ns.metadata.labels).toEqual({ "kubernetes.io/metadata.name": "dev" });
    expect(ns.spec).toEqual({ finalizers: ["kubernetes"] });
  });
  it("Secret type Opaque (SetDefaults_Secret)", () => {
    expect((applyDefaults({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" } }, kind("Secret")) as AnyObj).type).toBe("Opaque");
  });
  it("Node allocatable defaults to capacity (SetDefaults_NodeStatus)", () => {
    const node = applyDefaults({ apiVersion: "v1", kind: "Node", metadata: { name: "n" }, status: { capacity: { cpu: "2", memory: "4096Mi" } } }, kind("Node")) as AnyObj;
    expect(node.status.allocatable).toEqual({ cpu: "2", memory: "4Gi" });
  });
  it("PV reclaim policy Retain, volumeMode Filesystem (SetDefaults_PersistentVolume); PVC volumeMode Filesystem", () => {
    const pv = applyDefaults({ apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "p" }, spec: { capacity: { storage: "1024Mi" } } }, kind("PersistentVolume")) as AnyObj;
    expect(pv.spec).toEqual({ capacity: { storage: "1Gi" }, persistentVolumeReclaimPolicy: "Retain", volumeMode: "Filesystem" });
    const pvc = applyDefaults({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "c" }, spec: { resources: { requests: { storage: "1Gi" } } } }, kind("PersistentVolumeClaim")) as AnyObj;
    expect(pvc.spec.volumeMode).toBe("Filesystem");
  });
  it("LimitRange container item: default from max, defaultRequest from default (SetDefaults_LimitRangeItem)", () => {
    const lr = applyDefaults({ apiVersion: "v1", kind: "LimitRange", metadata: { name: "l" }, spec: { limits: [{ type: "Container", max: { cpu: "1" }, min: { memory: "64Mi" } }] } }, kind("LimitRange")) as AnyObj;
    expect(lr.spec.limits[0]).toEqual({ type: "Container", max: { cpu: "1" }, min: { memory: "64Mi" }, default: { cpu: "1" }, defaultRequest: { cpu: "1", memory: "64Mi" } });
  });
});

// https://kubernetes.io/docs/concepts/configuration/secret/#restriction-names-data: stringData is
// write-only; its values are encoded into data and take precedence over data's.
describe("Secret stringData", () => {
  it("is merged into data, encoded, and not stored", () => {
    const out = applyDefaults(
      { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data: { user: "b2xk", keep: "eA==" }, stringData: { user: "admin" } },
      kindNamed("Secret")!,
    ) as Record<string, unknown>;
    expect(out.data).toEqual({ user: "YWRtaW4=", keep: "eA==" });
    expect(out.stringData).toBeUndefined();
  });
});
