/**
 * `kubectl describe pod`: a port of describePod in kubectl's
 * staging/src/k8s.io/kubectl/pkg/describe/describe.go (field order, the
 * Conditions table, QoS Class, Node-Selectors, Tolerations, Events).
 */
import { qosClassOf } from "../../../sim/api/server.js";
import type { Event, Pod } from "../../../sim/api/types.js";
import { translateTimestampSince } from "../printers/age.js";
import {
  controllerOf,
  describeEvents,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printPodTolerationsMultiline,
  rfc1123z,
  type Obj,
} from "./common.js";
import { describeContainers, describeVolumes } from "./containers.js";
import { LEVEL_0, LEVEL_1, tabbedString } from "./tabwriter.js";

export function describePod(pod: Pod, events: Event[] | undefined, now: number): string {
  const spec = (pod.spec ?? {}) as Obj;
  const status = (pod.status ?? {}) as Obj;
  const meta = pod.metadata;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${meta.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ""}\n`);
    if (spec.priority !== undefined && spec.priority !== null) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    if (!spec.nodeName) w.write(LEVEL_0, "Node:\t<none>\n");
    else w.write(LEVEL_0, `Node:\t${spec.nodeName}/${status.hostIP ?? ""}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabelsMultiline(w, "Labels", meta.labels);
    printAnnotationsMultiline(w, "Annotations", meta.annotations);
    if (meta.deletionTimestamp && status.phase !== "Failed" && status.phase !== "Succeeded") {
      w.write(LEVEL_0, `Status:\tTerminating (lasts ${translateTimestampSince(meta.deletionTimestamp, now)})\n`);
      w.write(LEVEL_0, `Termination Grace Period:\t${meta.deletionGracePeriodSeconds ?? 0}s\n`);
    } else {
      w.write(LEVEL_0, `Status:\t${status.phase ?? ""}\n`);
    }
    if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    const seccomp = spec.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type}\n`);
      if (seccomp.type === "Localhost") w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ""}\n`);
    }
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ""}\n`);
    const ips: Obj[] = status.podIPs ?? [];
    if (ips.length === 0) w.write(LEVEL_0, "IPs:\t<none>\n");
    else {
      w.write(LEVEL_0, "IPs:\n");
      for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
    }
    const controlledBy = controllerOf(pod);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    if ((spec.initContainers ?? []).length > 0) describeContainers("Init Containers", spec.initContainers, status.initContainerStatuses ?? [], w, "");
    describeContainers("Containers", spec.containers, status.containerStatuses ?? [], w, "");
    if ((spec.readinessGates ?? []).length > 0) {
      w.write(LEVEL_0, "Readiness Gates:\n  Type\tStatus\n");
      for (const g of spec.readinessGates as Obj[]) {
        const c = ((status.conditions ?? []) as Obj[]).find((x) => x.type === g.conditionType);
        w.write(LEVEL_1, `${g.conditionType} \t${c ? c.status : "<none>"} \n`);
      }
    }
    const conditions: Obj[] = status.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, "Conditions:\n  Type\tStatus\n");
      for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
    }
    describeVolumes(spec.volumes, w, "");
    w.write(LEVEL_0, `QoS Class:\t${status.qosClass ?? qosClassOf(pod)}\n`);
    printLabelsMultiline(w, "Node-Selectors", spec.nodeSelector);
    printPodTolerationsMultiline(w, "Tolerations", spec.tolerations);
    describeEvents(events, w, now);
  });
}
