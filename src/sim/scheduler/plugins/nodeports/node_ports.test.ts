// Behaviour of upstream's pkg/scheduler/framework/plugins/nodeports/node_ports.go
// and HostPortInfo.CheckConflict (1.32), cases after node_ports_test.go:
// same port and protocol conflict; another protocol or port does not;
// 0.0.0.0 overlaps every host IP; two distinct IPs do not overlap.
import { describe, expect, it } from "vitest";
import type { Pod } from "../../../api/types.js";
import { schedule } from "../../scheduler.js";
import { bound, makeNode, makePod } from "../../testing.js";
import { ERR_REASON } from "./node_ports.js";

function withPorts(name: string, ports: { hostPort?: number; containerPort?: number; protocol?: "TCP" | "UDP" | "SCTP"; hostIP?: string }[], nodeName?: string): Pod {
  return makePod(name, {
    ...(nodeName ? { nodeName } : {}),
    spec: { containers: [{ name: "c", image: "nginx", ports: ports.map((p) => ({ containerPort: p.containerPort ?? 80, ...p })) }] },
  });
}

function fitsOn(existing: Pod, incoming: Pod): string {
  const result = schedule({ pod: incoming, nodes: [makeNode("n1")], podsByNode: bound(existing) });
  return result.kind === "Scheduled" ? "fits" : result.record.nodes[0]!.reasons.join("; ");
}

describe("NodePorts", () => {
  it("the same hostPort and protocol on the node: `node(s) didn't have free ports for the requested pod ports`", () => {
    expect(fitsOn(withPorts("a", [{ hostPort: 8080 }], "n1"), withPorts("b", [{ hostPort: 8080 }]))).toBe(ERR_REASON);
  });

  it("another port, or the same port over UDP, is free", () => {
    expect(fitsOn(withPorts("a", [{ hostPort: 8080 }], "n1"), withPorts("b", [{ hostPort: 8081 }]))).toBe("fits");
    expect(fitsOn(withPorts("a", [{ hostPort: 8080 }], "n1"), withPorts("b", [{ hostPort: 8080, protocol: "UDP" }]))).toBe("fits");
  });

  it("0.0.0.0 (the default host IP) overlaps a specific IP, both ways; two specific IPs do not", () => {
    expect(fitsOn(withPorts("a", [{ hostPort: 80, hostIP: "10.0.0.1" }], "n1"), withPorts("b", [{ hostPort: 80 }]))).toBe(ERR_REASON);
    expect(fitsOn(withPorts("a", [{ hostPort: 80 }], "n1"), withPorts("b", [{ hostPort: 80, hostIP: "10.0.0.2" }]))).toBe(ERR_REASON);
    expect(fitsOn(withPorts("a", [{ hostPort: 80, hostIP: "10.0.0.1" }], "n1"), withPorts("b", [{ hostPort: 80, hostIP: "10.0.0.2" }]))).toBe("fits");
  });

  it("container ports without hostPort take nothing on the node, and the plugin skips such pods at PreFilter", () => {
    const incoming = withPorts("b", [{ containerPort: 80 }]);
    expect(fitsOn(withPorts("a", [{ containerPort: 80 }], "n1"), incoming)).toBe("fits");
    const result = schedule({ pod: incoming, nodes: [makeNode("n1")], podsByNode: new Map() });
    expect(result.record.preFilter.find((v) => v.plugin === "NodePorts")).toMatchObject({ code: "Skip" });
  });

  it("a conflict is Unschedulable: preemption may free the port by evicting a lower-priority pod", () => {
    const low = { ...withPorts("low", [{ hostPort: 9000 }], "n1") };
    low.spec = { ...low.spec!, priority: 0 };
    const high = withPorts("high", [{ hostPort: 9000 }]);
    high.spec = { ...high.spec!, priority: 1000 };
    const result = schedule({ pod: high, nodes: [makeNode("n1")], podsByNode: bound(low) });
    expect(result.kind === "Unschedulable" && result.message).toBe(`0/1 nodes are available: 1 ${ERR_REASON}.`);
    expect(result.kind === "Unschedulable" && result.preemption?.victims.map((v) => v.metadata.name)).toEqual(["low"]);
  });
});
