import { describe, expect, it } from "vitest";
import { formatLabels, formatTabular, printTable } from "./table.js";
import { podRow, tableFor } from "./columns.js";

const now = Date.parse("2024-06-10T12:00:00Z");
const ago = (ms: number): string => new Date(now - ms).toISOString().replace(".000Z", "Z");
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// Expected texts are real kubectl output from a kind cluster transcript (kube-system, CoreDNS);
// the objects below are what that cluster held.
describe("kubectl get tables, aligned like kubectl's tabwriter", () => {
  const created = ago(4 * DAY + 21 * HOUR);
  const coredns = (name: string) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "kube-system", creationTimestamp: created, labels: { "k8s-app": "kube-dns" } },
    spec: { containers: [{ name: "coredns", image: "registry.k8s.io/coredns/coredns:v1.11.1" }], nodeName: "kind-control-plane" },
    status: {
      phase: "Running",
      podIPs: [{ ip: "10.1.0.20" }],
      conditions: [{ type: "Ready", status: "True" }],
      containerStatuses: [
        {
          name: "coredns",
          ready: true,
          restartCount: 2,
          state: { running: { startedAt: ago(131 * MIN) } },
          lastState: { terminated: { exitCode: 255, reason: "Unknown", finishedAt: ago(131 * MIN) } },
        },
      ],
    },
  });

  it("pods: READY, STATUS, RESTARTS with (ago), AGE", () => {
    const table = tableFor("Pod", [coredns("coredns-7db6d8ff4d-7kb9x"), coredns("coredns-7db6d8ff4d-gkp5z")], now);
    expect(printTable(table)).toBe(
      "NAME                       READY   STATUS    RESTARTS       AGE\n" +
        "coredns-7db6d8ff4d-7kb9x   1/1     Running   2 (131m ago)   4d21h\n" +
        "coredns-7db6d8ff4d-gkp5z   1/1     Running   2 (131m ago)   4d21h\n",
    );
  });

  it("deployments", () => {
    const deploy = { kind: "Deployment", apiVersion: "apps/v1", metadata: { name: "coredns", creationTimestamp: created }, spec: { replicas: 2 }, status: { readyReplicas: 2, updatedReplicas: 2, availableReplicas: 2 } };
    expect(printTable(tableFor("Deployment", [deploy], now))).toBe(
      "NAME      READY   UP-TO-DATE   AVAILABLE   AGE\n" + "coredns   2/2     2            2           4d21h\n",
    );
  });

  it("services: ClusterIP, <none>, ports as port/protocol", () => {
    const svc = {
      kind: "Service",
      apiVersion: "v1",
      metadata: { name: "kube-dns", creationTimestamp: created },
      spec: {
        type: "ClusterIP",
        clusterIP: "10.96.0.10",
        clusterIPs: ["10.96.0.10"],
        ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }, { port: 9153, protocol: "TCP" }],
      },
    };
    expect(printTable(tableFor("Service", [svc], now))).toBe(
      "NAME       TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE\n" +
        "kube-dns   ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   4d21h\n",
    );
  });

  it("endpoints: three addresses then + N more...", () => {
    const ep = {
      kind: "Endpoints",
      apiVersion: "v1",
      metadata: { name: "kube-dns", creationTimestamp: created },
      subsets: [{ addresses: [{ ip: "10.1.0.20" }, { ip: "10.1.0.21" }], ports: [{ port: 53 }, { port: 53 }, { port: 9153 }] }],
    };
    expect(printTable(tableFor("Endpoints", [ep], now))).toBe(
      "NAME       ENDPOINTS                                            AGE\n" +
        "kube-dns   10.1.0.20:53,10.1.0.21:53,10.1.0.20:53 + 3 more...   4d21h\n",
    );
  });

  it("adds NAMESPACE first, LABELS last, hides wide columns unless asked", () => {
    const table = tableFor("Pod", [coredns("coredns-1")], now);
    const out = printTable(table, { withNamespace: true, showLabels: true, wide: true });
    expect(out.split("\n")[0]).toBe(
      "NAMESPACE     NAME        READY   STATUS    RESTARTS       AGE     IP          NODE                 NOMINATED NODE   READINESS GATES   LABELS",
    );
    expect(out.split("\n")[1]).toBe(
      "kube-system   coredns-1   1/1     Running   2 (131m ago)   4d21h   10.1.0.20   kind-control-plane   <none>           <none>            k8s-app=kube-dns",
    );
    expect(printTable(table, { noHeaders: true }).startsWith("coredns-1")).toBe(true);
  });
});

describe("tabwriter and label helpers", () => {
  it("pads every cell but the last to max width + 3, at least 6 (GetNewTabWriter)", () => {
    expect(formatTabular([["A", "B", "C"], ["x", "yy", "z"]])).toBe("A     B     C\nx     yy    z\n");
  });
  it("labels.FormatLabels sorts by key and prints <none> for none", () => {
    expect(formatLabels({ tier: "fe", app: "web" })).toBe("app=web,tier=fe");
    expect(formatLabels({})).toBe("<none>");
  });
  it("withKind prefixes names with kind.group (kubectl get all)", () => {
    const t = tableFor("Deployment", [{ kind: "Deployment", apiVersion: "apps/v1", metadata: { name: "web" } }], now);
    expect(printTable(t, { withKind: true }).split("\n")[1]!.startsWith("deployment.apps/web ")).toBe(true);
  });
});

// Cases from kubernetes pkg/printers/internalversion/printers_test.go TestPrintPod / TestPrintPodWithRestartableInitContainer.
describe("printPod STATUS and READY", () => {
  const pod = (status: object, spec: object = { containers: [{ name: "a" }, { name: "b" }] }) => ({
    metadata: { name: "test1" },
    spec,
    status,
  });
  const cells = (p: object) => podRow(p, now, false).cells;

  it("counts ready running containers and sums restarts", () => {
    expect(cells(pod({ phase: "podPhase", containerStatuses: [{ ready: true, restartCount: 3, state: { running: {} } }, { restartCount: 3 }] }))).toEqual(["test1", "1/2", "podPhase", "6", "<unknown>"]);
  });
  it("shows a waiting reason (ContainerCreating, ImagePullBackOff, CrashLoopBackOff)", () => {
    expect(cells(pod({ phase: "Pending", containerStatuses: [{ state: { waiting: { reason: "ContainerCreating" } } }] }))[2]).toBe("ContainerCreating");
    expect(cells(pod({ phase: "Running", containerStatuses: [{ restartCount: 4, state: { waiting: { reason: "CrashLoopBackOff" } } }] }))[2]).toBe("CrashLoopBackOff");
  });
  it("shows Completed, and Running again when another container still runs", () => {
    expect(cells(pod({ phase: "Succeeded", containerStatuses: [{ state: { terminated: { reason: "Completed", exitCode: 0 } } }] }))[2]).toBe("Completed");
    expect(
      cells(pod({ phase: "Running", conditions: [{ type: "Ready", status: "True" }], containerStatuses: [{ state: { terminated: { reason: "Completed" } } }, { ready: true, state: { running: {} } }] }))[2],
    ).toBe("Running");
  });
  it("shows ExitCode:N and Signal:N for terminations without a reason", () => {
    expect(cells(pod({ phase: "Failed", containerStatuses: [{ state: { terminated: { exitCode: 2 } } }] }))[2]).toBe("ExitCode:2");
    expect(cells(pod({ phase: "Failed", containerStatuses: [{ state: { terminated: { exitCode: 0, signal: 9 } } }] }))[2]).toBe("Signal:9");
  });
  it("shows Init:i/n while init containers run, Init:reason when they fail", () => {
    const spec = { initContainers: [{ name: "i1" }, { name: "i2" }], containers: [{ name: "a" }] };
    expect(cells(pod({ phase: "Pending", initContainerStatuses: [{ name: "i1", state: { terminated: { exitCode: 0 } } }, { name: "i2", state: { running: {} } }] }, spec))[2]).toBe("Init:1/2");
    expect(cells(pod({ phase: "Pending", initContainerStatuses: [{ name: "i1", state: { waiting: { reason: "ImagePullBackOff" } } }] }, spec))[2]).toBe("Init:ImagePullBackOff");
    expect(cells(pod({ phase: "Pending", initContainerStatuses: [{ name: "i1", state: { terminated: { exitCode: 1, reason: "Error" } } }] }, spec))[2]).toBe("Init:Error");
  });
  it("shows Terminating for a pod being deleted, but not for a finished one", () => {
    const p = { ...pod({ phase: "Running" }), metadata: { name: "test1", deletionTimestamp: "2024-06-10T11:59:00Z" } };
    expect(cells(p)[2]).toBe("Terminating");
    const done = { ...pod({ phase: "Succeeded" }), metadata: { name: "test1", deletionTimestamp: "2024-06-10T11:59:00Z" } };
    expect(cells(done)[2]).toBe("Succeeded");
  });
  it("counts a started sidecar (restartable init container) as a container", () => {
    const spec = { initContainers: [{ name: "side", restartPolicy: "Always" }], containers: [{ name: "a" }] };
    const p = pod(
      {
        phase: "Running",
        conditions: [{ type: "Initialized", status: "True" }],
        initContainerStatuses: [{ name: "side", started: true, ready: true, restartCount: 1, state: { running: {} } }],
        containerStatuses: [{ name: "a", ready: true, restartCount: 0, state: { running: {} } }],
      },
      spec,
    );
    expect(cells(p).slice(1, 4)).toEqual(["2/2", "Running", "1"]);
  });
});

describe("nodes and storage classes", () => {
  it("shows Ready,SchedulingDisabled and roles from node-role labels", () => {
    const node = {
      metadata: { name: "n1", labels: { "node-role.kubernetes.io/control-plane": "" } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: "Ready", status: "True" }], nodeInfo: { kubeletVersion: "v1.32.0" } },
    };
    expect(tableFor("Node", [node], now).rows[0]!.cells.slice(0, 5)).toEqual(["n1", "Ready,SchedulingDisabled", "control-plane", "<unknown>", "v1.32.0"]);
    const worker = { metadata: { name: "n2" }, status: {} };
    expect(tableFor("Node", [worker], now).rows[0]!.cells.slice(0, 3)).toEqual(["n2", "Unknown", "<none>"]);
  });
  it("marks the default storage class", () => {
    const sc = { metadata: { name: "standard", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } }, provisioner: "rancher.io/local-path", volumeBindingMode: "WaitForFirstConsumer" };
    expect(tableFor("StorageClass", [sc], now).rows[0]!.cells.slice(0, 5)).toEqual(["standard (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", false]);
  });
});
