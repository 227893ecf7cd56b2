/**
 * The `kubectl get` table of each kind: column definitions and row cells,
 * ported from kubernetes pkg/printers/internalversion/printers.go (AddHandlers
 * and the printPod / printDeployment / printNode / ... functions named below).
 * Rows take `now` for ages; nothing here reads the clock.
 */
import { translateTimestampSince, humanDuration } from "./age.js";
import { formatLabels, type Table, type TableColumn, type TableRow } from "./table.js";
import { compareBytes } from "../../../sim/core/compare.js";
import { parseTimestamp } from "../../../sim/core/clock.js";

/** A decoded API object; the printers read it defensively as upstream's typed code would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

const col = (name: string, priority = 0): TableColumn => ({ name, priority });

/** extractCSRStatus, in its order of precedence: get's CONDITION and describe's Status. */
export function csrStatus(csr: Obj): string {
  const types = new Set(((csr.status?.conditions ?? []) as Obj[]).map((c) => c.type));
  let status = types.has("Denied") ? "Denied" : types.has("Approved") ? "Approved" : "Pending";
  if (types.has("Failed")) status += ",Failed";
  if (csr.status?.certificate) status += ",Issued";
  return status;
}
const age = (o: Obj, now: number): string => translateTimestampSince(o.metadata?.creationTimestamp, now);
const isTrueCondition = (conds: Obj[] | undefined, type: string): boolean =>
  (conds ?? []).some((c) => c.type === type && c.status === "True");

/** layoutContainerCells: names and images joined by commas. */
function layoutContainerCells(containers: Obj[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? "").join(","), list.map((c) => c.image ?? "").join(",")];
}

/** formatHPAMetrics (printers.go): "cpu: 40%/50%" per metric, at most two then "+ N more...". */
export function formatHPAMetrics(specs: Obj[] | undefined, statuses: Obj[] | undefined): string {
  if (!specs || specs.length === 0) return "<none>";
  const list: string[] = [];
  const current = (i: number, pick: (s: Obj) => unknown, format = (v: unknown) => String(v)): string => {
    const v = statuses && statuses.length > i ? pick(statuses[i]!) : undefined;
    return v === undefined || v === null ? "<unknown>" : format(v);
  };
  specs.forEach((spec, i) => {
    switch (spec.type) {
      case "External":
        if (spec.external?.target?.averageValue !== undefined) list.push(`${current(i, (s) => s.external?.current?.averageValue)}/${spec.external.target.averageValue} (avg)`);
        else list.push(`${current(i, (s) => (s.external ? s.external.current?.value ?? "0" : undefined))}/${spec.external?.target?.value ?? "0"}`);
        break;
      case "Pods":
        list.push(`${current(i, (s) => (s.pods ? s.pods.current?.averageValue ?? "0" : undefined))}/${spec.pods?.target?.averageValue ?? "0"}`);
        break;
      case "Object":
        if (spec.object?.target?.averageValue !== undefined) list.push(`${current(i, (s) => s.object?.current?.averageValue)}/${spec.object.target.averageValue} (avg)`);
        else list.push(`${current(i, (s) => (s.object ? s.object.current?.value ?? "0" : undefined))}/${spec.object?.target?.value ?? "0"}`);
        break;
      case "Resource":
      case "ContainerResource": {
        const key = spec.type === "Resource" ? "resource" : "containerResource";
        const source = spec[key] ?? {};
        if (source.target?.averageValue !== undefined) list.push(`${source.name ?? ""}: ${current(i, (s) => (s[key] ? s[key].current?.averageValue ?? "0" : undefined))}/${source.target.averageValue}`);
        else {
          const target = source.target?.averageUtilization === undefined || source.target?.averageUtilization === null ? "<auto>" : `${source.target.averageUtilization}%`;
          list.push(`${source.name ?? ""}: ${current(i, (s) => s[key]?.current?.averageUtilization, (v) => `${v}%`)}/${target}`);
        }
        break;
      }
      default:
        list.push("<unknown type>");
    }
  });
  const maximum = 2;
  if (list.length > maximum) return `${list.slice(0, maximum).join(", ")} + ${list.length - maximum} more...`;
  return list.join(", ");
}

/** metav1.FormatLabelSelector: "app=web,tier in (a,b)", "<none>" for empty. */
export function formatLabelSelector(selector: Obj | undefined | null): string {
  if (!selector) return "<none>";
  const parts: string[] = [];
  const matchLabels: Record<string, string> = selector.matchLabels ?? {};
  for (const k of Object.keys(matchLabels).sort()) parts.push(`${k}=${matchLabels[k]}`);
  for (const e of (selector.matchExpressions ?? []) as Obj[]) {
    const values = [...((e.values ?? []) as string[])].sort().join(",");
    switch (e.operator) {
      case "In":
        parts.push(`${e.key} in (${values})`);
        break;
      case "NotIn":
        parts.push(`${e.key} notin (${values})`);
        break;
      case "Exists":
        parts.push(e.key);
        break;
      case "DoesNotExist":
        parts.push(`!${e.key}`);
        break;
    }
  }
  const s = parts.join(",");
  return s.length === 0 ? "<none>" : s;
}

/** LabelSelectorAsSelector(...).String(): like FormatLabelSelector but "" when empty (printDeployment). */
function selectorString(selector: Obj | undefined): string {
  const s = formatLabelSelector(selector);
  return s === "<none>" ? "" : s;
}

function isRestartableInitContainer(c: Obj | undefined): boolean {
  return c?.restartPolicy === "Always";
}

/** printPod: READY, STATUS (the "reason"), RESTARTS with "(5m ago)", AGE; wide adds IP NODE NOMINATED NODE READINESS GATES. */
export function podRow(pod: Obj, now: number, wide: boolean): TableRow {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestartDate = 0;
  let lastRestartableInitContainerRestartDate = 0;
  const podPhase: string = status.phase ?? "";
  let reason: string = status.reason || podPhase;

  for (const condition of (status.conditions ?? []) as Obj[]) {
    if (condition.type === "PodScheduled" && condition.reason === "SchedulingGated") reason = "SchedulingGated";
  }

  const initContainers = new Map<string, Obj>();
  for (const c of (spec.initContainers ?? []) as Obj[]) {
    initContainers.set(c.name, c);
    if (isRestartableInitContainer(c)) totalContainers++;
  }
  const finishedAt = (cs: Obj): number => {
    const t = cs.lastState?.terminated?.finishedAt;
    return t ? parseTimestamp(t) : 0;
  };

  let initializing = false;
  const initStatuses = (status.initContainerStatuses ?? []) as Obj[];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i]!;
    restarts += container.restartCount ?? 0;
    if (container.lastState?.terminated) lastRestartDate = Math.max(lastRestartDate, finishedAt(container));
    const restartable = isRestartableInitContainer(initContainers.get(container.name));
    if (restartable) {
      restartableInitContainerRestarts += container.restartCount ?? 0;
      if (container.lastState?.terminated) {
        lastRestartableInitContainerRestartDate = Math.max(lastRestartableInitContainerRestartDate, finishedAt(container));
      }
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      if (!terminated.reason) {
        reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = "Init:" + terminated.reason;
      }
    } else if (waiting && waiting.reason && waiting.reason !== "PodInitializing") {
      reason = "Init:" + waiting.reason;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isTrueCondition(status.conditions, "Initialized")) {
    restarts = restartableInitContainerRestarts;
    lastRestartDate = lastRestartableInitContainerRestartDate;
    let hasRunning = false;
    const statuses = (status.containerStatuses ?? []) as Obj[];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i]!;
      restarts += container.restartCount ?? 0;
      if (container.lastState?.terminated) lastRestartDate = Math.max(lastRestartDate, finishedAt(container));
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting && waiting.reason) reason = waiting.reason;
      else if (terminated && terminated.reason) reason = terminated.reason;
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // change pod status back to "Running" if there is at least one container still reporting as "Running" status
    if (reason === "Completed" && hasRunning) {
      reason = isTrueCondition(status.conditions, "Ready") ? "Running" : "NotReady";
    }
  }

  const deleting = Boolean(pod.metadata?.deletionTimestamp);
  if (deleting && status.reason === "NodeLost") reason = "Unknown";
  else if (deleting && podPhase !== "Succeeded" && podPhase !== "Failed") reason = "Terminating";

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestartDate !== 0) {
    restartsText = `${restarts} (${humanDuration(now - lastRestartDate)} ago)`;
  }
  const cells: TableRow["cells"] = [
    pod.metadata?.name,
    `${readyContainers}/${totalContainers}`,
    reason,
    restartsText,
    age(pod, now),
  ];
  if (wide) {
    let readinessGates = "<none>";
    const gates = (spec.readinessGates ?? []) as Obj[];
    if (gates.length > 0) {
      let trueConditions = 0;
      for (const gate of gates) {
        const cond = ((status.conditions ?? []) as Obj[]).find((c) => c.type === gate.conditionType);
        if (cond?.status === "True") trueConditions++;
      }
      readinessGates = `${trueConditions}/${gates.length}`;
    }
    cells.push(
      status.podIPs?.[0]?.ip || "<none>",
      spec.nodeName || "<none>",
      status.nominatedNodeName || "<none>",
      readinessGates,
    );
  }
  return { cells, object: pod };
}

/** getServiceExternalIP (non-wide clips load balancer lists to 16 characters). */
function serviceExternalIP(svc: Obj, wide: boolean): string {
  const spec = svc.spec ?? {};
  const externalIPs: string[] = spec.externalIPs ?? [];
  switch (spec.type ?? "ClusterIP") {
    case "ClusterIP":
    case "NodePort":
      return externalIPs.length > 0 ? externalIPs.join(",") : "<none>";
    case "LoadBalancer": {
      const ingress = (svc.status?.loadBalancer?.ingress ?? []) as Obj[];
      const set = [...new Set(ingress.map((i) => i.ip || i.hostname).filter(Boolean) as string[])].sort();
      let lbIps = set.join(",");
      if (!wide && lbIps.length > 16) lbIps = lbIps.slice(0, 13) + "...";
      if (externalIPs.length > 0) return [...(lbIps ? lbIps.split(",") : []), ...externalIPs].join(",");
      return lbIps || "<pending>";
    }
    case "ExternalName":
      return spec.externalName ?? "";
  }
  return "<unknown>";
}

/** makePortString: 80/TCP, 80:30080/TCP. */
function makePortString(ports: Obj[] | undefined): string {
  return (ports ?? [])
    .map((p) => (p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? "TCP"}` : `${p.port}/${p.protocol ?? "TCP"}`))
    .join(",");
}

/** formatEndpoints: up to three ip:port, then " + N more...". */
function formatEndpoints(ep: Obj): string {
  const subsets = (ep.subsets ?? []) as Obj[];
  if (subsets.length === 0) return "<none>";
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = (ss.addresses ?? []) as Obj[];
    const ports = (ss.ports ?? []) as Obj[];
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(String(a.ip).includes(":") ? `[${a.ip}]:${port.port}` : `${a.ip}:${port.port}`);
      }
    }
  }
  const ret = list.join(",");
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** findNodeRoles: node-role.kubernetes.io/<role> labels and kubernetes.io/role=<role>. */
function findNodeRoles(node: Obj): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries((node.metadata?.labels ?? {}) as Record<string, string>)) {
    if (k.startsWith("node-role.kubernetes.io/")) {
      const role = k.slice("node-role.kubernetes.io/".length);
      if (role) roles.add(role);
    } else if (k === "kubernetes.io/role" && v !== "") roles.add(v);
  }
  return [...roles].sort();
}

interface KindPrinter {
  columns: TableColumn[];
  row(obj: Obj, now: number, wide: boolean): TableRow;
}

const containersImagesSelector = [col("Containers", 1), col("Images", 1), col("Selector", 1)];

/** The printers, keyed by Kind. */
export const KIND_PRINTERS: Record<string, KindPrinter> = {
  Pod: {
    columns: [col("Name"), col("Ready"), col("Status"), col("Restarts"), col("Age"), col("IP", 1), col("Node", 1), col("Nominated Node", 1), col("Readiness Gates", 1)],
    row: podRow,
  },
  // printDeployment
  Deployment: {
    columns: [col("Name"), col("Ready"), col("Up-to-date"), col("Available"), col("Age"), ...containersImagesSelector],
    row: (o, now, wide) => {
      const cells: TableRow["cells"] = [
        o.metadata?.name,
        `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`,
        o.status?.updatedReplicas ?? 0,
        o.status?.availableReplicas ?? 0,
        age(o, now),
      ];
      if (wide) cells.push(...layoutContainerCells(o.spec?.template?.spec?.containers), selectorString(o.spec?.selector));
      return { cells, object: o };
    },
  },
  // printReplicaSet
  ReplicaSet: {
    columns: [col("Name"), col("Desired"), col("Current"), col("Ready"), col("Age"), ...containersImagesSelector],
    row: (o, now, wide) => {
      const cells: TableRow["cells"] = [o.metadata?.name, o.spec?.replicas ?? 0, o.status?.replicas ?? 0, o.status?.readyReplicas ?? 0, age(o, now)];
      if (wide) cells.push(...layoutContainerCells(o.spec?.template?.spec?.containers), formatLabelSelector(o.spec?.selector));
      return { cells, object: o };
    },
  },
  // printDaemonSet
  DaemonSet: {
    columns: [col("Name"), col("Desired"), col("Current"), col("Ready"), col("Up-to-date"), col("Available"), col("Node Selector"), col("Age"), ...containersImagesSelector],
    row: (o, now, wide) => {
      const s = o.status ?? {};
      const cells: TableRow["cells"] = [
        o.metadata?.name,
        s.desiredNumberScheduled ?? 0,
        s.currentNumberScheduled ?? 0,
        s.numberReady ?? 0,
        s.updatedNumberScheduled ?? 0,
        s.numberAvailable ?? 0,
        formatLabels(o.spec?.template?.spec?.nodeSelector),
        age(o, now),
      ];
      if (wide) cells.push(...layoutContainerCells(o.spec?.template?.spec?.containers), formatLabelSelector(o.spec?.selector));
      return { cells, object: o };
    },
  },
  // printStatefulSet
  StatefulSet: {
    columns: [col("Name"), col("Ready"), col("Age"), col("Containers", 1), col("Images", 1)],
    row: (o, now, wide) => {
      const cells: TableRow["cells"] = [o.metadata?.name, `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`, age(o, now)];
      if (wide) cells.push(...layoutContainerCells(o.spec?.template?.spec?.containers));
      return { cells, object: o };
    },
  },
  // printJob
  Job: {
    columns: [col("Name"), col("Status"), col("Completions"), col("Duration"), col("Age"), ...containersImagesSelector],
    row: (o, now, wide) => {
      const spec = o.spec ?? {};
      const st = o.status ?? {};
      const succeeded = st.succeeded ?? 0;
      let completions: string;
      if (spec.completions !== undefined && spec.completions !== null) completions = `${succeeded}/${spec.completions}`;
      else completions = (spec.parallelism ?? 0) > 1 ? `${succeeded}/1 of ${spec.parallelism}` : `${succeeded}/1`;
      let jobDuration = "";
      if (st.startTime) {
        const end = st.completionTime ? parseTimestamp(st.completionTime) : now;
        jobDuration = humanDuration(end - parseTimestamp(st.startTime));
      }
      const conds = st.conditions as Obj[] | undefined;
      const has = (t: string): boolean => {
        const c = (conds ?? []).find((x) => x.type === t);
        return c?.status === "True";
      };
      let status = "Running";
      if (has("Complete")) status = "Complete";
      else if (has("Failed")) status = "Failed";
      else if (o.metadata?.deletionTimestamp) status = "Terminating";
      else if (has("Suspended")) status = "Suspended";
      else if (has("FailureTarget")) status = "FailureTarget";
      const cells: TableRow["cells"] = [o.metadata?.name, status, completions, jobDuration, age(o, now)];
      if (wide) cells.push(...layoutContainerCells(spec.template?.spec?.containers), formatLabelSelector(spec.selector));
      return { cells, object: o };
    },
  },
  // printCronJob
  CronJob: {
    columns: [col("Name"), col("Schedule"), col("Timezone"), col("Suspend"), col("Active"), col("Last Schedule"), col("Age"), ...containersImagesSelector],
    row: (o, now, wide) => {
      const spec = o.spec ?? {};
      const last = o.status?.lastScheduleTime ? translateTimestampSince(o.status.lastScheduleTime, now) : "<none>";
      // printBoolPtr: True, False or <unset>.
      const suspend = spec.suspend === undefined || spec.suspend === null ? "<unset>" : spec.suspend ? "True" : "False";
      const cells: TableRow["cells"] = [o.metadata?.name, spec.schedule, spec.timeZone ?? "<none>", suspend, (o.status?.active ?? []).length, last, age(o, now)];
      if (wide) {
        const tmpl = spec.jobTemplate?.spec ?? {};
        cells.push(...layoutContainerCells(tmpl.template?.spec?.containers), formatLabelSelector(tmpl.selector));
      }
      return { cells, object: o };
    },
  },
  // printService
  Service: {
    columns: [col("Name"), col("Type"), col("Cluster-IP"), col("External-IP"), col("Port(s)"), col("Age"), col("Selector", 1)],
    row: (o, now, wide) => {
      const spec = o.spec ?? {};
      const clusterIPs: string[] = spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []);
      const cells: TableRow["cells"] = [
        o.metadata?.name,
        spec.type ?? "ClusterIP",
        clusterIPs[0] ?? "<none>",
        serviceExternalIP(o, wide),
        makePortString(spec.ports) || "<none>",
        age(o, now),
      ];
      if (wide) cells.push(formatLabels(spec.selector));
      return { cells, object: o };
    },
  },
  // printEndpoints
  Endpoints: {
    columns: [col("Name"), col("Endpoints"), col("Age")],
    row: (o, now) => ({ cells: [o.metadata?.name, formatEndpoints(o), age(o, now)], object: o }),
  },
  // printNode
  Node: {
    columns: [col("Name"), col("Status"), col("Roles"), col("Age"), col("Version"), col("Internal-IP", 1), col("External-IP", 1), col("OS-Image", 1), col("Kernel-Version", 1), col("Container-Runtime", 1)],
    row: (o, now, wide) => {
      const status: string[] = [];
      const ready = ((o.status?.conditions ?? []) as Obj[]).filter((c) => c.type === "Ready").pop();
      if (ready) status.push(ready.status === "True" ? "Ready" : "NotReady");
      if (status.length === 0) status.push("Unknown");
      if (o.spec?.unschedulable) status.push("SchedulingDisabled");
      const roles = findNodeRoles(o).join(",") || "<none>";
      const info = o.status?.nodeInfo ?? {};
      const cells: TableRow["cells"] = [o.metadata?.name, status.join(","), roles, age(o, now), info.kubeletVersion ?? ""];
      if (wide) {
        const addr = (type: string): string =>
          ((o.status?.addresses ?? []) as Obj[]).find((a) => a.type === type)?.address ?? "<none>";
        cells.push(addr("InternalIP"), addr("ExternalIP"), info.osImage || "<unknown>", info.kernelVersion || "<unknown>", info.containerRuntimeVersion || "<unknown>");
      }
      return { cells, object: o };
    },
  },
  // printEvent
  Event: {
    columns: [col("Last Seen"), col("Type"), col("Reason"), col("Object"), col("Subobject", 1), col("Source", 1), col("Message"), col("First Seen", 1), col("Count", 1), col("Name", 1)],
    row: (o, now, wide) => {
      let firstSeen = translateTimestampSince(o.firstTimestamp, now);
      if (!o.firstTimestamp) firstSeen = translateTimestampSince(o.eventTime, now);
      let lastSeen = translateTimestampSince(o.lastTimestamp, now);
      if (!o.lastTimestamp) lastSeen = firstSeen;
      let count = o.count ?? 0;
      if (o.series) {
        lastSeen = translateTimestampSince(o.series.lastObservedTime, now);
        count = o.series.count ?? 0;
      } else if (count === 0) count = 1;
      const inv = o.involvedObject ?? {};
      const target = inv.name ? `${String(inv.kind ?? "").toLowerCase()}/${inv.name}` : String(inv.kind ?? "").toLowerCase();
      const message = String(o.message ?? "").trim();
      if (!wide) return { cells: [lastSeen, o.type ?? "", o.reason ?? "", target, null, null, message], object: o };
      const component = o.source?.component || o.reportingComponent || "";
      const host = o.source?.host || o.reportingInstance || "";
      const source = host ? `${component}, ${host}` : component;
      return { cells: [lastSeen, o.type ?? "", o.reason ?? "", target, inv.fieldPath ?? "", source, message, firstSeen, count, o.metadata?.name], object: o };
    },
  },
  // printNamespace
  Namespace: {
    columns: [col("Name"), col("Status"), col("Age")],
    row: (o, now) => ({ cells: [o.metadata?.name, o.status?.phase ?? "", age(o, now)], object: o }),
  },
  // printSecret
  Secret: {
    columns: [col("Name"), col("Type"), col("Data"), col("Age")],
    row: (o, now) => ({ cells: [o.metadata?.name, o.type ?? "", Object.keys(o.data ?? {}).length, age(o, now)], object: o }),
  },
  // printResourceQuota: "name: used/hard" per status.hard entry, limits.* in LIMIT, the rest in REQUEST.
  ResourceQuota: {
    columns: [col("Name"), col("Age"), col("Request"), col("Limit")],
    row: (o, now) => {
      const hard = (o.status?.hard ?? {}) as Record<string, string>;
      const used = (o.status?.used ?? {}) as Record<string, string>;
      const request: string[] = [];
      const limit: string[] = [];
      for (const name of Object.keys(hard).sort(compareBytes)) {
        const pieces = name.split(".");
        (pieces.length > 1 && pieces[0] === "limits" ? limit : request).push(`${name}: ${used[name] ?? "0"}/${hard[name]}`);
      }
      return { cells: [o.metadata?.name, age(o, now), request.join(", "), limit.join(", ")], object: o };
    },
  },
  // printPodDisruptionBudget: each budget as intstr's String(), "N/A" when unset.
  PodDisruptionBudget: {
    columns: [col("Name"), col("Min Available"), col("Max Unavailable"), col("Allowed Disruptions"), col("Age")],
    row: (o, now) => ({
      cells: [o.metadata?.name, o.spec?.minAvailable !== undefined ? String(o.spec.minAvailable) : "N/A", o.spec?.maxUnavailable !== undefined ? String(o.spec.maxUnavailable) : "N/A", o.status?.disruptionsAllowed ?? 0, age(o, now)],
      object: o,
    }),
  },
  // printControllerRevision: the controller as formatResourceName (lower-case Kind.group/name).
  ControllerRevision: {
    columns: [col("Name"), col("Controller"), col("Revision"), col("Age")],
    row: (o, now) => {
      const ref = (o.metadata?.ownerReferences ?? []).find((r: Obj) => r.controller === true);
      const group = typeof ref?.apiVersion === "string" && ref.apiVersion.includes("/") ? ref.apiVersion.split("/")[0] : "";
      const controller = ref ? `${String(ref.kind).toLowerCase()}${group ? `.${group}` : ""}/${ref.name}` : "<none>";
      return { cells: [o.metadata?.name, controller, o.revision ?? 0, age(o, now)], object: o };
    },
  },
  // printHorizontalPodAutoscaler: TARGETS from formatHPAMetrics.
  HorizontalPodAutoscaler: {
    columns: [col("Name"), col("Reference"), col("Targets"), col("MinPods"), col("MaxPods"), col("Replicas"), col("Age")],
    row: (o, now) => {
      const ref = o.spec?.scaleTargetRef ?? {};
      const minPods = o.spec?.minReplicas === undefined || o.spec?.minReplicas === null ? "<unset>" : String(o.spec.minReplicas);
      return { cells: [o.metadata?.name, `${ref.kind ?? ""}/${ref.name ?? ""}`, formatHPAMetrics(o.spec?.metrics, o.status?.currentMetrics), minPods, o.spec?.maxReplicas ?? 0, o.status?.currentReplicas ?? 0, age(o, now)], object: o };
    },
  },
  // printConfigMap
  ConfigMap: {
    columns: [col("Name"), col("Data"), col("Age")],
    row: (o, now) => ({
      cells: [o.metadata?.name, Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length, age(o, now)],
      object: o,
    }),
  },
  // printServiceAccount
  ServiceAccount: {
    columns: [col("Name"), col("Secrets"), col("Age")],
    row: (o, now) => ({ cells: [o.metadata?.name, (o.secrets ?? []).length, age(o, now)], object: o }),
  },
  // printStorageClass
  StorageClass: {
    columns: [col("Name"), col("Provisioner"), col("ReclaimPolicy"), col("VolumeBindingMode"), col("AllowVolumeExpansion"), col("Age")],
    row: (o, now) => {
      const ann = (o.metadata?.annotations ?? {}) as Record<string, string>;
      // storageutil.IsDefaultAnnotation: the GA annotation or its beta predecessor set to "true".
      const isDefault =
        ann["storageclass.kubernetes.io/is-default-class"] === "true" ||
        ann["storageclass.beta.kubernetes.io/is-default-class"] === "true";
      const name = o.metadata?.name + (isDefault ? " (default)" : "");
      return {
        cells: [name, o.provisioner ?? "", o.reclaimPolicy ?? "Delete", o.volumeBindingMode ?? "Immediate", o.allowVolumeExpansion ?? false, age(o, now)],
        object: o,
      };
    },
  },
  // printCertificateSigningRequest (status from extractCSRStatus, in its order of precedence)
  CertificateSigningRequest: {
    columns: [col("Name"), col("Age"), col("SignerName"), col("Requestor"), col("RequestedDuration"), col("Condition")],
    row: (o, now) => {
      const condition = csrStatus(o);
      const expiration = o.spec?.expirationSeconds;
      return {
        cells: [o.metadata?.name, age(o, now), o.spec?.signerName || "<none>", o.spec?.username ?? "", typeof expiration === "number" ? humanDuration(expiration * 1000) : "<none>", condition],
        object: o,
      };
    },
  },
  // printNetworkPolicy
  NetworkPolicy: {
    columns: [col("Name"), col("Pod-Selector"), col("Age")],
    row: (o, now) => ({ cells: [o.metadata?.name, formatLabelSelector(o.spec?.podSelector), age(o, now)], object: o }),
  },
  // printIngress
  Ingress: {
    columns: [col("Name"), col("Class"), col("Hosts"), col("Address"), col("Ports"), col("Age")],
    row: (o, now, wide) => {
      const rules = (o.spec?.rules ?? []) as Obj[];
      const hosts: string[] = [];
      let more = false;
      for (const r of rules) {
        if (hosts.length === 3) more = true;
        if (!more && r.host) hosts.push(r.host);
      }
      let hostText = hosts.length === 0 ? "*" : hosts.join(",");
      if (more) hostText = `${hostText} + ${rules.length - 3} more...`;
      const ingress = (o.status?.loadBalancer?.ingress ?? []) as Obj[];
      let address = [...new Set(ingress.map((i) => i.ip || i.hostname).filter(Boolean) as string[])].sort().join(",");
      if (!wide && address.length > 16) address = address.slice(0, 13) + "...";
      const ports = (o.spec?.tls ?? []).length > 0 ? "80, 443" : "80";
      return { cells: [o.metadata?.name, o.spec?.ingressClassName ?? "<none>", hostText, address, ports, age(o, now)], object: o };
    },
  },
  // printPersistentVolumeClaim
  PersistentVolumeClaim: {
    columns: [col("Name"), col("Status"), col("Volume"), col("Capacity"), col("Access Modes"), col("StorageClass"), col("VolumeAttributesClass"), col("Age"), col("VolumeMode", 1)],
    row: (o, now) => {
      const spec = o.spec ?? {};
      const bound = Boolean(spec.volumeName);
      const phase = o.metadata?.deletionTimestamp ? "Terminating" : (o.status?.phase ?? "");
      return {
        cells: [
          o.metadata?.name,
          phase,
          spec.volumeName ?? "",
          bound ? (o.status?.capacity?.storage ?? "") : "",
          bound ? accessModesAsString(o.status?.accessModes) : "",
          spec.storageClassName ?? o.metadata?.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? "",
          spec.volumeAttributesClassName ?? "<unset>",
          age(o, now),
          spec.volumeMode ?? "<unset>",
        ],
        object: o,
      };
    },
  },
  // printPersistentVolume
  PersistentVolume: {
    columns: [col("Name"), col("Capacity"), col("Access Modes"), col("Reclaim Policy"), col("Status"), col("Claim"), col("StorageClass"), col("VolumeAttributesClass"), col("Reason"), col("Age"), col("VolumeMode", 1)],
    row: (o, now) => {
      const spec = o.spec ?? {};
      const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ""}/${spec.claimRef.name ?? ""}` : "";
      const phase = o.metadata?.deletionTimestamp ? "Terminating" : (o.status?.phase ?? "");
      return {
        cells: [
          o.metadata?.name,
          spec.capacity?.storage ?? "0",
          accessModesAsString(spec.accessModes),
          spec.persistentVolumeReclaimPolicy ?? "",
          phase,
          claim,
          spec.storageClassName ?? "",
          spec.volumeAttributesClassName ?? "<unset>",
          o.status?.reason ?? "",
          age(o, now),
          spec.volumeMode ?? "<unset>",
        ],
        object: o,
      };
    },
  },
  // printLease
  Lease: {
    columns: [col("Name"), col("Holder"), col("Age")],
    row: (o, now) => ({ cells: [o.metadata?.name, o.spec?.holderIdentity ?? "", age(o, now)], object: o }),
  },
  // printRoleBinding / printClusterRoleBinding
  RoleBinding: roleBindingPrinter(),
  ClusterRoleBinding: roleBindingPrinter(),
  // No printer handler upstream: the API server's default table (Name, Created At).
  Role: createdAtPrinter(),
  ClusterRole: createdAtPrinter(),
  LimitRange: createdAtPrinter(),
};

/** helper.GetAccessModesAsString: RWO,ROX,RWX,RWOP in that order. */
export function accessModesAsString(modes: string[] | undefined): string {
  const set = new Set(modes ?? []);
  const out: string[] = [];
  if (set.has("ReadWriteOnce")) out.push("RWO");
  if (set.has("ReadOnlyMany")) out.push("ROX");
  if (set.has("ReadWriteMany")) out.push("RWX");
  if (set.has("ReadWriteOncePod")) out.push("RWOP");
  return out.join(",");
}

function roleBindingPrinter(): KindPrinter {
  return {
    columns: [col("Name"), col("Role"), col("Age"), col("Users", 1), col("Groups", 1), col("ServiceAccounts", 1)],
    row: (o, now, wide) => {
      const cells: TableRow["cells"] = [o.metadata?.name, `${o.roleRef?.kind ?? ""}/${o.roleRef?.name ?? ""}`, age(o, now)];
      if (wide) {
        const subjects = (o.subjects ?? []) as Obj[];
        const of = (kind: string): string[] => subjects.filter((s) => s.kind === kind).map((s) => s.name);
        const sas = subjects.filter((s) => s.kind === "ServiceAccount").map((s) => `${s.namespace ?? ""}/${s.name}`);
        cells.push(of("User").join(", "), of("Group").join(", "), sas.join(", "));
      }
      return { cells, object: o };
    },
  };
}

function createdAtPrinter(): KindPrinter {
  return {
    columns: [col("Name"), col("Created At")],
    row: (o) => ({ cells: [o.metadata?.name, o.metadata?.creationTimestamp ?? ""], object: o }),
  };
}

/** printers.go objectMetaColumnDefinitions: NAME AGE, for kinds without a printer of their own. */
export const DEFAULT_PRINTER: KindPrinter = {
  columns: [col("Name"), col("Age")],
  row: (o, now) => ({ cells: [o.metadata?.name, age(o, now)], object: o }),
};

/**
 * The table `kubectl get` receives for objects of one kind. The API server
 * always generates rows with Wide: true (pkg/printers/storage TableConvertor)
 * and kubectl hides the priority columns, so cells are always the wide ones
 * (e.g. load balancer addresses are never clipped to 16 characters).
 */
export function tableFor(kind: string, objects: readonly Obj[], now: number): Table {
  const printer = KIND_PRINTERS[kind] ?? DEFAULT_PRINTER;
  return { columns: printer.columns, rows: objects.map((o) => printer.row(o, now, true)) };
}
