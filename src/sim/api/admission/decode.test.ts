// Strict decoding as the API server does it (apimachinery's strict decoding
// error, Go encoding/json's UnmarshalTypeError, resource.ErrFormatWrong).
// Wording checked against reports of the real server, e.g.
// kubernetes/website#52675 ("... cannot be handled as a Deployment: strict
// decoding error: unknown field ..."), dotnet/dotnet-docker#5214 (several
// unknown fields joined with ", ").
import { describe, expect, it } from "vitest";
import { kindNamed } from "../kinds.js";
import { decodeStrict } from "./decode.js";
import { admission } from "./index.js";

type AnyObj = Record<string, any>;
const decode = (obj: AnyObj) => decodeStrict(obj, kindNamed(obj.kind)!)?.message;

const pod = (container: AnyObj = {}, spec: AnyObj = {}, meta: AnyObj = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", ...meta },
  spec: { containers: [{ name: "c", image: "nginx", ...container }], ...spec },
});

const deployment = (spec: AnyObj = {}, container: AnyObj = {}) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", labels: { app: "web" } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "web" } },
    template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx", ...container }] } },
    ...spec,
  },
});

describe("well-formed manifests decode", () => {
  it("pod, deployment, service with maps, quantities and int-or-string ports", () => {
    expect(decode(pod({ resources: { limits: { cpu: "500m", memory: "128Mi" }, requests: { cpu: 0.25 } }, ports: [{ containerPort: 80, name: "http" }] }, {}, { labels: { app: "web" }, annotations: { "a/b": "c" } }))).toBeUndefined();
    expect(decode(deployment({ strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: "25%" } } }))).toBeUndefined();
    expect(decode({ apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: "http" }] } })).toBeUndefined();
  });
  it("accepts 1.32 sidecar containers (initContainers[].restartPolicy)", () => {
    expect(decode(pod({}, { initContainers: [{ name: "s", image: "busybox", restartPolicy: "Always" }] }))).toBeUndefined();
  });
});

describe("unknown fields (strict decoding error)", () => {
  it("one unknown field names its full path", () => {
    expect(decode(pod({ imagee: "nginx" }))).toBe('Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"');
  });
  it("several unknown fields are listed in document order, joined with \", \"", () => {
    const d: AnyObj = deployment();
    d.spec.template.metadata = { labels: { app: "web" }, containers: [], volumes: [] };
    expect(decode(d)).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.metadata.containers", unknown field "spec.template.metadata.volumes"',
    );
  });
  it("spec nested under metadata (kubernetes/community#7376)", () => {
    expect(decode({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "m", spec: { replicas: 1 } }, spec: deployment().spec })).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "metadata.spec"',
    );
  });
  it("unknown top-level and service port fields", () => {
    expect(decode({ apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { ports: [{ port: 80, nodeport: 30080 }] }, specs: {} })).toBe(
      'Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].nodeport", unknown field "specs"',
    );
  });
});

describe("type mismatches (encoding/json UnmarshalTypeError)", () => {
  it("replicas: \"three\"", () => {
    expect(decode(deployment({ replicas: "three" }))).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });
  it("containerPort as a string: the path drops indices", () => {
    expect(decode(deployment({}, { ports: [{ containerPort: "80" }] }))).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32',
    );
  });
  it("a number as a label value names the map field", () => {
    expect(decode(pod({}, {}, { labels: { version: 1.0 } }))).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    );
  });
  it("a number in a list of strings names the list field and the element's type (encoding/json keeps the enclosing struct)", () => {
    expect(decode(pod({ command: ["sleep", 3600] }))).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field Container.spec.containers.command of type string',
    );
  });
  it("command as a string instead of a list", () => {
    expect(decode(pod({ command: "sleep 3600" }))).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string',
    );
  });
});

describe("quantities (resource.ErrFormatWrong)", () => {
  it("rejects a malformed cpu limit", () => {
    expect(decode(pod({ resources: { limits: { cpu: "1 core" } } }))).toBe(
      `Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  });
});

// apimachinery resource.Quantity.UnmarshalJSON: null is the zero quantity, any other JSON
// value that is not a string or number fails to parse as one (it was an internal error).
describe("quantities that are not strings or numbers", () => {
  it("a bool or a list as a cpu limit is the quantity format error, null is allowed", () => {
    const wrong = `Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`;
    expect(decode(pod({ resources: { limits: { cpu: true } } }))).toBe(wrong);
    expect(decode(pod({ resources: { limits: { cpu: [1] } } }))).toBe(wrong);
    expect(decode(pod({ resources: { requests: { memory: { x: 1 } } } }))).toBe(wrong);
    expect(decode(pod({ resources: { limits: { cpu: null } } }))).toBeUndefined();
  });
});

describe("admission adapter for ApiServer", () => {
  it("decodeStrict gives the message; applyDefaults leaves admission plugins' work to the chain", () => {
    const info = kindNamed("Pod")!;
    expect(admission.decodeStrict(pod({ imagee: "x" }), info)).toMatch(/unknown field "spec\.containers\[0\]\.imagee"$/);
    const created = admission.applyDefaults(pod(), info) as AnyObj;
    expect(created.spec.serviceAccountName).toBeUndefined();
  });
});

describe("fields the bundled schemas miss", () => {
  it("PriorityClass.description is accepted (kubernetes-models drops properties named description)", () => {
    expect(decode({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "high" }, value: 1000, description: "for critical pods" })).toBeUndefined();
    expect(decode({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "high" }, value: 1000, descripton: "typo" })).toBe(
      'PriorityClass in version "v1" cannot be handled as a PriorityClass: strict decoding error: unknown field "descripton"',
    );
  });
});

// Secret.data is []byte: the API server base64-decodes each value while decoding the request
// (encoding/base64 StdEncoding), so plain text there is a BadRequest.
describe("Secret data must be base64", () => {
  const secret = (data: Record<string, string>) => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data });
  const SECRET = kindNamed("Secret")!;
  it("accepts encoded values", () => {
    expect(decodeStrict(secret({ username: "YWRtaW4=", empty: "" }), SECRET)).toBeUndefined();
  });
  it("rejects plain text with Go's CorruptInputError offset", () => {
    expect(decodeStrict(secret({ username: "admin" }), SECRET)?.message).toBe('Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4');
    expect(decodeStrict(secret({ password: "s3cr3t!!" }), SECRET)?.message).toBe('Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 6');
  });
});

describe("issue 6: integers Go cannot hold (strconv.ParseInt in encoding/json's literalStore)", () => {
  it("terminationGracePeriodSeconds: 1e30 arrives as 1e+30 and fails as an int64", () => {
    expect(decode(pod({}, { terminationGracePeriodSeconds: 1e30 }))).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number 1e+30 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64',
    );
  });
  it("an int32 field over 2147483647 fails; an int64 field takes it", () => {
    expect(decode(deployment({ replicas: 2147483648 }))).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    expect(decode(deployment({ replicas: 2147483647 }))).toBeUndefined();
    expect(decode(pod({}, { terminationGracePeriodSeconds: 2147483648 }))).toBeUndefined();
  });
});
