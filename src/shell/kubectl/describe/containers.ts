/**
 * The container, volume and pod-template sections shared by the pod and the
 * workload describers, ported from describe.go: describeContainers (basic
 * info, command, state, resources, probes, environment, mounts),
 * describeVolumes, and DescribePodTemplate.
 */
import { canonicalResourceQuantity } from "../../../sim/core/quantity.js";
import { printLabelsMultiline, printAnnotationsMultiline, printPodTolerationsMultiline, rfc1123z, type Obj } from "./common.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from "./tabwriter.js";

/** describeContainers: one block per container; statuses only for live pods. */
export function describeContainers(label: string, containers: Obj[] | undefined, statuses: Obj[] | undefined, w: PrefixWriter, space: string): void {
  const list = containers ?? [];
  const byName = new Map<string, Obj>((statuses ?? []).map((s) => [s.name as string, s]));
  w.write(LEVEL_0, `${space}${label}:${list.length === 0 ? " <none>" : ""}\n`);
  for (const container of list) {
    const status = statuses ? byName.get(container.name) : undefined;
    describeContainerBasicInfo(container, status, space, w);
    describeContainerCommand(container, w);
    if (status) describeContainerState(status, w);
    describeResources(container.resources, w, LEVEL_2);
    describeContainerProbe(container, w);
    if ((container.envFrom ?? []).length > 0) describeContainerEnvFrom(container, w);
    describeContainerEnvVars(container, w);
    describeContainerVolumes(container, w);
  }
}

function describeContainerBasicInfo(container: Obj, status: Obj | undefined, space: string, w: PrefixWriter): void {
  const nameIndent = space.length > 0 ? " " : "";
  w.write(LEVEL_1, `${nameIndent}${container.name}:\n`);
  if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ""}\n`);
  w.write(LEVEL_2, `Image:\t${container.image ?? ""}\n`);
  if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ""}\n`);
  const ports: Obj[] = container.ports ?? [];
  const portText = ports.map((p) => `${p.containerPort}/${p.protocol ?? "TCP"}${p.name ? ` (${p.name})` : ""}`).join(", ");
  if (portText.includes(",")) w.write(LEVEL_2, `Ports:\t${portText}\n`);
  else w.write(LEVEL_2, `Port:\t${portText || "<none>"}\n`);
  const hostText = ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? "TCP"}${p.name ? ` (${p.name})` : ""}`).join(", ");
  if (hostText.includes(",")) w.write(LEVEL_2, `Host Ports:\t${hostText}\n`);
  else w.write(LEVEL_2, `Host Port:\t${hostText || "<none>"}\n`);
}

function describeContainerCommand(container: Obj, w: PrefixWriter): void {
  if ((container.command ?? []).length > 0) {
    w.write(LEVEL_2, "Command:\n");
    for (const c of container.command as string[]) for (const s of c.split("\n")) w.write(LEVEL_3, `${s}\n`);
  }
  if ((container.args ?? []).length > 0) {
    w.write(LEVEL_2, "Args:\n");
    for (const a of container.args as string[]) for (const s of a.split("\n")) w.write(LEVEL_3, `${s}\n`);
  }
}

/** describeStatus: Running / Waiting (Reason) / Terminated (Reason, Exit Code, Started, Finished). */
function describeStatus(stateName: string, state: Obj | undefined, w: PrefixWriter): void {
  if (state?.running) {
    w.write(LEVEL_2, `${stateName}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${stateName}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
  }
}

function describeContainerState(status: Obj, w: PrefixWriter): void {
  describeStatus("State", status.state, w);
  if (status.lastState?.terminated) describeStatus("Last State", status.lastState, w);
  w.write(LEVEL_2, `Ready:\t${status.ready ? "True" : "False"}\n`);
  w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
}

/** describeResources: Limits then Requests, resource names sorted. */
export function describeResources(resources: Obj | undefined, w: PrefixWriter, level: number): void {
  if (!resources) return;
  for (const [title, list] of [["Limits", resources.limits], ["Requests", resources.requests]] as const) {
    const names = Object.keys(list ?? {}).sort();
    if (names.length > 0) w.write(level, `${title}:\n`);
    for (const name of names) w.write(level + 1, `${name}:\t${canonicalResourceQuantity(list[name]) ?? String(list[name])}\n`);
  }
}

/** DescribeProbe: `http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(probe: Obj): string {
  const attrs = `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 1}s period=${probe.periodSeconds ?? 10}s #success=${probe.successThreshold ?? 1} #failure=${probe.failureThreshold ?? 3}`;
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(" ")}] ${attrs}`;
  if (probe.httpGet) {
    const g = probe.httpGet;
    const scheme = String(g.scheme ?? "HTTP").toLowerCase();
    const port = g.port === undefined ? "" : String(g.port);
    const host = port ? `${g.host ?? ""}:${port}` : (g.host ?? "");
    return `http-get ${scheme}://${host}${g.path ?? ""} ${attrs}`;
  }
  if (probe.tcpSocket) return `tcp-socket ${probe.tcpSocket.host ?? ""}:${probe.tcpSocket.port} ${attrs}`;
  if (probe.grpc) return `grpc <pod>:${probe.grpc.port} ${probe.grpc.service ?? ""} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeContainerProbe(container: Obj, w: PrefixWriter): void {
  if (container.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(container.livenessProbe)}\n`);
  if (container.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(container.readinessProbe)}\n`);
  if (container.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(container.startupProbe)}\n`);
}

function describeContainerEnvFrom(container: Obj, w: PrefixWriter): void {
  w.write(LEVEL_2, "Environment Variables from:\n");
  for (const e of container.envFrom as Obj[]) {
    const ref = e.configMapRef ?? e.secretRef;
    const from = e.configMapRef ? "ConfigMap" : e.secretRef ? "Secret" : "";
    const optional = ref?.optional === true;
    if (!e.prefix) w.write(LEVEL_3, `${ref?.name ?? ""}\t${from}\tOptional: ${optional}\n`);
    else w.write(LEVEL_3, `${ref?.name ?? ""}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
  }
}

function describeContainerEnvVars(container: Obj, w: PrefixWriter): void {
  const env: Obj[] = container.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? "\t<none>" : ""}\n`);
  for (const e of env) {
    if (!e.valueFrom) {
      String(e.value ?? "")
        .split("\n")
        .forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    const from = e.valueFrom;
    if (from.fieldRef) w.write(LEVEL_3, `${e.name}:\t (${from.fieldRef.apiVersion ?? "v1"}:${from.fieldRef.fieldPath})\n`);
    else if (from.resourceFieldRef) w.write(LEVEL_3, `${e.name}:\t (${from.resourceFieldRef.resource})\n`);
    else if (from.secretKeyRef)
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${from.secretKeyRef.key}' in secret '${from.secretKeyRef.name}'>\tOptional: ${from.secretKeyRef.optional === true}\n`);
    else if (from.configMapKeyRef)
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${from.configMapKeyRef.key}' of config map '${from.configMapKeyRef.name}'>\tOptional: ${from.configMapKeyRef.optional === true}\n`);
  }
}

function describeContainerVolumes(container: Obj, w: PrefixWriter): void {
  const mounts: Obj[] = [...(container.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
  w.write(LEVEL_2, `Mounts:${mounts.length === 0 ? "\t<none>" : ""}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly ? "ro" : "rw"];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(",")})\n`);
  }
}

/** describeVolumes, for the volume sources the model knows. */
export function describeVolumes(volumes: Obj[] | undefined, w: PrefixWriter, space: string): void {
  if (!volumes || volumes.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(LEVEL_1, `${space.length > 0 ? " " : ""}${v.name}:\n`);
    if (v.hostPath) {
      w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type || "<none>"}\n`);
    } else if (v.emptyDir) {
      const size = v.emptyDir.sizeLimit ? String(v.emptyDir.sizeLimit) : "<unset>";
      w.write(LEVEL_2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ""}\n    SizeLimit:\t${size}\n`);
    } else if (v.secret) {
      w.write(LEVEL_2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ""}\n    Optional:\t${v.secret.optional === true}\n`);
    } else if (v.configMap) {
      w.write(LEVEL_2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ""}\n    Optional:\t${v.configMap.optional === true}\n`);
    } else if (v.persistentVolumeClaim) {
      w.write(
        LEVEL_2,
        `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`,
      );
    } else if (v.projected) {
      w.write(LEVEL_2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
      for (const s of v.projected.sources ?? []) {
        if (s.secret) w.write(LEVEL_2, `SecretName:\t${s.secret.name}\n    Optional:\t${s.secret.optional === true}\n`);
        else if (s.downwardAPI) w.write(LEVEL_2, "DownwardAPI:\ttrue\n");
        else if (s.configMap) w.write(LEVEL_2, `ConfigMapName:\t${s.configMap.name}\n    Optional:\t${s.configMap.optional === true}\n`);
        else if (s.serviceAccountToken) w.write(LEVEL_2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3600}\n`);
      }
    } else if (v.downwardAPI) {
      w.write(LEVEL_2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
      for (const item of v.downwardAPI.items ?? []) {
        if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
        if (item.resourceFieldRef) w.write(LEVEL_3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
      }
    } else {
      w.write(LEVEL_1, "<unknown>\n");
    }
  }
}

/** DescribePodTemplate: labels, annotations, containers, volumes, node selectors, tolerations of a template. */
export function describePodTemplate(template: Obj | undefined, w: PrefixWriter): void {
  w.write(LEVEL_0, "Pod Template:\n");
  if (!template) {
    w.write(LEVEL_1, "<unset>");
    return;
  }
  const meta = template.metadata ?? {};
  const spec = template.spec ?? {};
  printLabelsMultiline(w, "  Labels", meta.labels);
  if (Object.keys(meta.annotations ?? {}).length > 0) printAnnotationsMultiline(w, "  Annotations", meta.annotations);
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if ((spec.initContainers ?? []).length > 0) describeContainers("Init Containers", spec.initContainers, undefined, w, "  ");
  describeContainers("Containers", spec.containers, undefined, w, "  ");
  describeVolumes(spec.volumes, w, "  ");
  if (spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, "  Node-Selectors", spec.nodeSelector);
  printPodTolerationsMultiline(w, "  Tolerations", spec.tolerations);
}
