// Messages checked against pkg/apis/core/validation/validation.go,
// pkg/apis/apps/validation/validation.go, pkg/apis/batch/validation and
// k8s.io/apimachinery/pkg/util/validation (wording), rendered by errors.ts
// the way `kubectl` shows `The Deployment "web" is invalid: ...`.
import { describe, expect, it } from "vitest";
import { invalid, renderFieldError } from "../errors.js";
import { kindNamed, qualifiedKind } from "../kinds.js";
import type { KubeObject } from "../types.js";
import { applyDefaults } from "./defaults.js";
import { validate } from "./validation.js";

type AnyObj = Record<string, any>;

function check(obj: AnyObj, old?: AnyObj): string[] {
  const info = kindNamed(obj.kind)!;
  const defaulted = applyDefaults(obj as KubeObject, info);
  const oldDefaulted = old ? applyDefaults(old as KubeObject, info) : undefined;
  return validate(defaulted, info, oldDefaulted).map(renderFieldError);
}

function message(obj: AnyObj, old?: AnyObj): string {
  const info = kindNamed(obj.kind)!;
  const defaulted = applyDefaults(obj as KubeObject, info);
  const errs = validate(defaulted, info, old ? applyDefaults(old as KubeObject, info) : undefined);
  return invalid(info.kind, qualifiedKind(info), obj.metadata.name, errs).message;
}

const pod = (spec: AnyObj = {}, meta: AnyObj = {}): AnyObj => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", ...meta },
  spec: { containers: [{ name: "c", image: "nginx:1.27" }], ...spec },
});

const deployment = (spec: AnyObj = {}, templateLabels: AnyObj | undefined = { app: "web" }): AnyObj => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web" },
  spec: {
    selector: { matchLabels: { app: "web" } },
    template: { metadata: { labels: templateLabels }, spec: { containers: [{ name: "c", image: "nginx" }] } },
    ...spec,
  },
});

describe("valid objects pass", () => {
  it("a plain pod, deployment and service", () => {
    expect(check(pod())).toEqual([]);
    expect(check(deployment())).toEqual([]);
    expect(check({ apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } })).toEqual([]);
  });
});

describe("names and labels (ValidateObjectMeta, IsDNS1123Subdomain, IsQualifiedName, IsValidLabelValue)", () => {
  it("pod name must be a DNS-1123 subdomain", () => {
    expect(message(pod({}, { name: "Web_1" }))).toBe(
      `Pod "Web_1" is invalid: metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
  });
  it("service name must be a DNS-1035 label (ValidateServiceName)", () => {
    expect(check({ apiVersion: "v1", kind: "Service", metadata: { name: "1web" }, spec: { ports: [{ port: 80 }] } })).toEqual([
      `metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });
  it("namespace name must be a DNS-1123 label", () => {
    expect(check({ apiVersion: "v1", kind: "Namespace", metadata: { name: "dev.team" } })).toEqual([
      `metadata.name: Invalid value: "dev.team": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });
  it("label keys and values", () => {
    expect(check(pod({}, { labels: { "bad key": "ok", app: "no spaces" } }))).toEqual([
      `metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      `metadata.labels: Invalid value: "no spaces": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ]);
  });
  it("label values longer than 63 characters", () => {
    expect(check(pod({}, { labels: { app: "a".repeat(64) } }))).toEqual([`metadata.labels: Invalid value: "${"a".repeat(64)}": must be no more than 63 characters`]);
  });
});

describe("pod spec (ValidatePodSpec, validateContainers)", () => {
  it("containers are required", () => {
    expect(message(pod({ containers: [] }))).toBe(`Pod "web" is invalid: spec.containers: Required value`);
  });
  it("image is required", () => {
    expect(check(pod({ containers: [{ name: "c" }] }))).toEqual(["spec.containers[0].image: Required value"]);
  });
  it("container names must be unique", () => {
    expect(check(pod({ containers: [{ name: "c", image: "a" }, { name: "c", image: "b" }] }))).toEqual([`spec.containers[1].name: Duplicate value: "c"`]);
  });
  it("container names are DNS-1123 labels", () => {
    expect(check(pod({ containers: [{ name: "My_App", image: "a" }] }))[0]).toMatch(/^spec\.containers\[0\]\.name: Invalid value: "My_App": a lowercase RFC 1123 label must consist/);
  });
  it("restartPolicy values", () => {
    expect(check(pod({ restartPolicy: "Sometimes" }))).toEqual([`spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"`]);
  });
  it("imagePullPolicy values", () => {
    expect(check(pod({ containers: [{ name: "c", image: "a", imagePullPolicy: "always" }] }))).toEqual([
      `spec.containers[0].imagePullPolicy: Unsupported value: "always": supported values: "Always", "IfNotPresent", "Never"`,
    ]);
  });
  it("container ports in 1..65535", () => {
    expect(check(pod({ containers: [{ name: "c", image: "a", ports: [{ containerPort: 70000 }] }] }))).toEqual([
      "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
    ]);
  });
  it("port protocol values", () => {
    expect(check(pod({ containers: [{ name: "c", image: "a", ports: [{ containerPort: 80, protocol: "tcp" }] }] }))).toEqual([
      `spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"`,
    ]);
  });
  it("requests may not exceed limits (ValidateResourceRequirements)", () => {
    expect(check(pod({ containers: [{ name: "c", image: "a", resources: { limits: { cpu: "500m" }, requests: { cpu: "1" } } }] }))).toEqual([
      `spec.containers[0].resources.requests[cpu]: Invalid value: "1": must be less than or equal to cpu limit of 500m`,
    ]);
  });
  it("volume mounts must name a volume", () => {
    expect(check(pod({ containers: [{ name: "c", image: "a", volumeMounts: [{ name: "data", mountPath: "/d" }] }] }))).toEqual([
      `spec.containers[0].volumeMounts[0].name: Not found: "data"`,
    ]);
  });
  it("sidecar init containers may only use restartPolicy Always", () => {
    expect(check(pod({ initContainers: [{ name: "s", image: "a", restartPolicy: "Never" }] }))).toEqual([
      `spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"`,
    ]);
  });
});

describe("pod updates (ValidatePodUpdate)", () => {
  const forbidden =
    "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";
  it("image changes are allowed", () => {
    expect(check(pod({ containers: [{ name: "c", image: "nginx:1.28" }] }), pod())).toEqual([]);
  });
  it("adding a toleration and setting activeDeadlineSeconds are allowed", () => {
    expect(check(pod({ tolerations: [{ key: "k", operator: "Exists" }], activeDeadlineSeconds: 60 }), pod())).toEqual([]);
  });
  it("changing a port is forbidden", () => {
    const before = pod({ containers: [{ name: "c", image: "a", ports: [{ containerPort: 80 }] }] });
    const after = pod({ containers: [{ name: "c", image: "a", ports: [{ containerPort: 8080 }] }] });
    expect(check(after, before)).toEqual([forbidden]);
  });
  it("changing resources is forbidden", () => {
    expect(check(pod({ containers: [{ name: "c", image: "nginx:1.27", resources: { requests: { cpu: "1" } } }] }), pod())).toEqual([forbidden]);
  });
});

describe("workloads (pkg/apis/apps/validation)", () => {
  it("selector must match template labels", () => {
    expect(message(deployment({}, { app: "x" }))).toBe(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
    );
  });
  it("a missing selector is required and matches nothing", () => {
    const d = deployment();
    delete d.spec.selector;
    expect(check(d)).toEqual([
      "spec.selector: Required value",
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
  });
  it("an empty selector is invalid", () => {
    expect(check(deployment({ selector: {} }))).toEqual([
      "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment",
    ]);
  });
  it("replicas must be non-negative", () => {
    expect(check(deployment({ replicas: -1 }))).toEqual(["spec.replicas: Invalid value: -1: must be greater than or equal to 0"]);
  });
  it("template image is required", () => {
    expect(check(deployment({ template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c" }] } } }))).toEqual([
      "spec.template.spec.containers[0].image: Required value",
    ]);
  });
  it("template restartPolicy must be Always", () => {
    const d = deployment();
    d.spec.template.spec.restartPolicy = "Never";
    expect(check(d)).toEqual([`spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"`]);
  });
  it("selector is immutable on update", () => {
    const after = deployment({ selector: { matchLabels: { app: "web2" } } }, { app: "web2" });
    expect(check(after, deployment())).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });
  it("maxUnavailable and maxSurge cannot both be 0", () => {
    expect(check(deployment({ strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }))).toEqual([
      // The internal type holds an IntOrString by value, which Go prints with %#v (real servers answer so).
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    ]);
  });
  it("Job templates must restart OnFailure or Never (batch ValidateJobSpec)", () => {
    const job = { apiVersion: "batch/v1", kind: "Job", metadata: { name: "j" }, spec: { template: { spec: { containers: [{ name: "c", image: "busybox" }] } } } };
    expect(check(job)).toEqual([`spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"`]);
  });
});

describe("services (ValidateService)", () => {
  const svc = (spec: AnyObj) => ({ apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec });
  it("ports are required", () => {
    expect(message(svc({ selector: { app: "web" } }))).toBe('Service "web" is invalid: spec.ports: Required value');
  });
  it("port range", () => {
    expect(check(svc({ ports: [{ port: 0 }] }))).toContain("spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive");
  });
  it("several ports need names", () => {
    expect(check(svc({ ports: [{ port: 80 }, { port: 443 }] }))).toEqual(["spec.ports[0].name: Required value", "spec.ports[1].name: Required value"]);
  });
  it("type values", () => {
    expect(check(svc({ type: "Internal", ports: [{ port: 80 }] }))).toEqual([
      `spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`,
    ]);
  });
  it("selector values are label values", () => {
    expect(check(svc({ selector: { app: "a b" }, ports: [{ port: 80 }] }))[0]).toMatch(/^spec\.selector: Invalid value: "a b": a valid label must be/);
  });
});

describe("ConfigMap keys (ValidateConfigMap, IsConfigMapKey)", () => {
  it("rejects keys with slashes", () => {
    expect(check({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { "a/b": "x" } })).toEqual([
      `data[a/b]: Invalid value: "a/b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ]);
  });
});

describe("issue 6: the API server's size and range limits", () => {
  it("annotations over TotalAnnotationSizeLimitB (256 KiB, keys and values in bytes) are Too long, value omitted (apimachinery v0.32 field.TooLong)", () => {
    const at = (n: number) => pod({}, { annotations: { a: "x".repeat(n - 1) } });
    expect(check(at(262144))).toEqual([]);
    expect(check(at(262145))).toEqual(["metadata.annotations: Too long: may not be more than 262144 bytes"]);
    // Bytes, not characters: 131073 two-byte characters plus the key are over.
    expect(check(pod({}, { annotations: { a: "é".repeat(131072) } }))).toEqual(["metadata.annotations: Too long: may not be more than 262144 bytes"]);
  });

  it("a ConfigMap over MaxSecretSize (data + decoded binaryData) is Too long at the whole object, path [] (ValidateConfigMap)", () => {
    const cm = (data: AnyObj, binaryData?: AnyObj) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "big" }, data, ...(binaryData ? { binaryData } : {}) });
    expect(check(cm({ a: "y".repeat(1048576) }))).toEqual([]);
    expect(check(cm({ a: "y".repeat(1048576) }, { b: Buffer.from("z").toString("base64") }))).toEqual(["[]: Too long: may not be more than 1048576 bytes"]);
    expect(message(cm({ a: "y".repeat(1048577) }))).toBe('ConfigMap "big" is invalid: []: Too long: may not be more than 1048576 bytes');
  });

  it("a Secret's decoded data over 1 MiB is Too long at data (ValidateSecret); stringData counts once merged", () => {
    const secret = (extra: AnyObj) => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, ...extra });
    expect(check(secret({ data: { a: Buffer.alloc(1048576).toString("base64") } }))).toEqual([]);
    expect(check(secret({ data: { a: Buffer.alloc(1048577).toString("base64") } }))).toEqual(["data: Too long: may not be more than 1048576 bytes"]);
    expect(check(secret({ stringData: { a: "q".repeat(1048577) } }))).toEqual(["data: Too long: may not be more than 1048576 bytes"]);
  });

  it("maxUnavailable and maxSurge are non-negative ints or N% (ValidatePositiveIntOrPercent, IsValidPercent)", () => {
    const rolling = (rollingUpdate: AnyObj) => check(deployment({ strategy: { type: "RollingUpdate", rollingUpdate } }));
    expect(rolling({ maxUnavailable: -1, maxSurge: 1 })).toEqual(["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0"]);
    expect(rolling({ maxUnavailable: 1, maxSurge: "x%" })).toEqual([
      `spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"x%"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
    ]);
    expect(rolling({ maxUnavailable: "150%", maxSurge: 1 })).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%',
    ]);
  });

  it("probe ports must be 1-65535 for httpGet, tcpSocket and grpc; liveness and startup probes succeed once (validateProbe, ValidatePortNumOrName)", () => {
    const probed = (probes: AnyObj) => check(pod({ containers: [{ name: "c", image: "nginx:1.27", ...probes }] }));
    expect(probed({ livenessProbe: { httpGet: { port: 0 } } })).toEqual(["spec.containers[0].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive"]);
    expect(probed({ readinessProbe: { tcpSocket: { port: -1 } } })).toEqual(["spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: -1: must be between 1 and 65535, inclusive"]);
    expect(probed({ startupProbe: { grpc: { port: 65536 } } })).toEqual(["spec.containers[0].startupProbe.grpc.port: Invalid value: 65536: must be between 1 and 65535, inclusive"]);
    expect(probed({ readinessProbe: { httpGet: { port: "http" }, successThreshold: 3 } })).toEqual([]);
    expect(probed({ livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 2 } })).toEqual(["spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"]);
    expect(probed({ livenessProbe: { periodSeconds: 5 } })).toEqual(["spec.containers[0].livenessProbe: Required value: must specify a handler type"]);
    expect(probed({ livenessProbe: { exec: { command: ["true"] }, tcpSocket: { port: 80 } } })).toEqual(["spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"]);
  });
});
