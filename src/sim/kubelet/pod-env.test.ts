import { describe, expect, it } from "vitest";
import type { Service } from "../api/types.js";
import { containerEnvironment, expandReferences, resourceFieldValue, serviceLinkVariables } from "./pod-env.js";

describe("expandReferences (third_party/forked/golang/expansion, its test table)", () => {
  const vars = new Map([["VAR_A", "A"], ["VAR_B", "B"], ["VAR_EMPTY", ""]]);
  const lookup = (n: string) => vars.get(n);
  it.each([
    ["$(VAR_A)", "A"],
    ["___$(VAR_B)___", "___B___"],
    ["$(VAR_A)-$(VAR_B)", "A-B"],
    ["$(VAR_EMPTY)", ""],
    ["$(VAR_UNKNOWN)", "$(VAR_UNKNOWN)"],
    ["$$(VAR_A)", "$(VAR_A)"],
    ["$$$(VAR_A)", "$A"],
    ["$(VAR_A", "$(VAR_A"],
    ["foo$", "foo$"],
    ["$VAR_A", "$VAR_A"],
  ])("%s → %s", (input, want) => {
    expect(expandReferences(input, lookup)).toBe(want);
  });
});

describe("serviceLinkVariables (pkg/kubelet/envvars FromServices)", () => {
  const svc = (name: string, clusterIP: string, ports: { name?: string; port: number; protocol?: string }[]): Service =>
    ({ metadata: { name, uid: name, namespace: "default" }, spec: { clusterIP, ports } }) as unknown as Service;
  it("names, ports and the Docker-link variables of each port; headless services get none", () => {
    const vars = serviceLinkVariables([svc("my-api", "10.96.5.5", [{ name: "http", port: 80 }, { name: "metrics", port: 9090, protocol: "UDP" }]), svc("headless", "None", [{ port: 80 }])]);
    expect(vars).toEqual([
      ["MY_API_SERVICE_HOST", "10.96.5.5"],
      ["MY_API_SERVICE_PORT", "80"],
      ["MY_API_SERVICE_PORT_HTTP", "80"],
      ["MY_API_SERVICE_PORT_METRICS", "9090"],
      ["MY_API_PORT", "tcp://10.96.5.5:80"],
      ["MY_API_PORT_80_TCP", "tcp://10.96.5.5:80"],
      ["MY_API_PORT_80_TCP_PROTO", "tcp"],
      ["MY_API_PORT_80_TCP_PORT", "80"],
      ["MY_API_PORT_80_TCP_ADDR", "10.96.5.5"],
      ["MY_API_PORT_9090_UDP", "udp://10.96.5.5:9090"],
      ["MY_API_PORT_9090_UDP_PROTO", "udp"],
      ["MY_API_PORT_9090_UDP_PORT", "9090"],
      ["MY_API_PORT_9090_UDP_ADDR", "10.96.5.5"],
    ]);
  });
});

describe("resourceFieldValue (pkg/api/v1/resource ExtractContainerResourceValue)", () => {
  const c = { name: "app", resources: { limits: { memory: "64Mi", cpu: "250m" }, requests: { cpu: "100m" } } };
  it("divides by the divisor and rounds up", () => {
    expect(resourceFieldValue(c, undefined, "limits.memory", "1Mi")).toBe("64");
    expect(resourceFieldValue(c, undefined, "limits.memory", undefined)).toBe(String(64 * 1024 * 1024));
    expect(resourceFieldValue(c, undefined, "limits.cpu", undefined)).toBe("1");
    expect(resourceFieldValue(c, undefined, "requests.cpu", "1m")).toBe("100");
  });
  it("an unset limit is the node's allocatable", () => {
    const node = { status: { allocatable: { cpu: "2", memory: "4Gi" } } } as never;
    expect(resourceFieldValue({ name: "x" }, node, "limits.cpu", undefined)).toBe("2");
  });
});

describe("containerEnvironment (containerd: OCI default PATH, HOSTNAME, image ENV, then the kubelet's)", () => {
  it("replaces same-named entries in place and appends the rest", () => {
    expect(containerEnvironment(["PATH=/usr/bin", "NGINX_VERSION=1.27.3"], "web", [["NGINX_VERSION", "x"], ["A", "1"]])).toEqual(["PATH=/usr/bin", "HOSTNAME=web", "NGINX_VERSION=x", "A=1"]);
  });
});
