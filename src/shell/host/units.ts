/**
 * The systemd units a kubeadm node has that kadet models: the kubelet (from
 * the pkgs.k8s.io `kubelet` package with kubeadm's drop-in) and containerd
 * (Ubuntu's package). Their unit-file facts as `systemctl status` prints them;
 * their state comes from the host (the kubelet) or is fixed (containerd
 * always runs in kadet).
 */
import type { Host } from "../../sim/world/hosts.js";

export interface UnitState {
  active: boolean;
  /** When the unit entered its current state (ms). */
  since: number;
  /** When its last run began, for the Duration line after a stop. */
  startedAt?: number;
  pid: number;
  enabled: boolean;
}

export interface Unit {
  name: "kubelet" | "containerd";
  description: string;
  fragmentPath: string;
  dropIns: string[];
  docs: string;
  /** ExecStart as the unit file writes it (the Process: line after a stop). */
  execStart: string;
  /** The running process's command line (the CGroup: tree), read from the host's files. */
  commandLine(host: Host): string;
  /** What systemctl stop/start/restart/enable/disable does, when kadet models it. */
  controllable: boolean;
}

const KUBELET_FLAGS_FILE = "/var/lib/kubelet/kubeadm-flags.env";

export const UNITS: Record<Unit["name"], Unit> = {
  kubelet: {
    name: "kubelet",
    description: "kubelet: The Kubernetes Node Agent",
    fragmentPath: "/usr/lib/systemd/system/kubelet.service",
    dropIns: ["/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf"],
    docs: "https://kubernetes.io/docs/",
    execStart: "/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS",
    // 10-kubeadm.conf's KUBELET_KUBECONFIG_ARGS and KUBELET_CONFIG_ARGS, then KUBELET_KUBEADM_ARGS from kubeadm-flags.env.
    commandLine: (host) => {
      const env = host.files[KUBELET_FLAGS_FILE] ?? "";
      const kubeadmArgs = /KUBELET_KUBEADM_ARGS="([^"]*)"/.exec(env)?.[1] ?? "";
      return ["/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml", kubeadmArgs]
        .filter((s) => s !== "")
        .join(" ");
    },
    controllable: true,
  },
  containerd: {
    name: "containerd",
    description: "containerd container runtime",
    fragmentPath: "/usr/lib/systemd/system/containerd.service",
    dropIns: [],
    docs: "https://containerd.io",
    execStart: "/usr/bin/containerd",
    commandLine: () => "/usr/bin/containerd",
    controllable: false,
  },
};

/** `kubelet`, `kubelet.service` → the unit; anything else is a unit this host does not have. */
export function unitNamed(word: string): Unit | undefined {
  const base = word.endsWith(".service") ? word.slice(0, -".service".length) : word;
  return base === "kubelet" || base === "containerd" ? UNITS[base] : undefined;
}

/** The unit's state on a host. containerd has run since the node booted (its Node's registration). */
export function unitState(unit: Unit, host: Host, bootedAt: number): UnitState {
  if (unit.name === "kubelet") {
    const k = host.kubelet;
    return { active: k.active, since: k.since, startedAt: k.startedAt, pid: k.pid, enabled: k.enabled ?? true };
  }
  // A stable PID below the kubelet's (1000+): containerd starts first at boot.
  const pid = 500 + ([...host.name].reduce((sum, ch) => sum * 31 + ch.charCodeAt(0), 7) % 400);
  return { active: true, since: bootedAt, pid, enabled: true };
}
