import { describe, expect, it } from "vitest";
import { dockerSession } from "./testing.js";
import type { Session } from "../session.js";

async function run(s: Session, line: string) {
  const r = await s.run(line);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

const WELCOME = /<title>Welcome to nginx!<\/title>/;

describe("who reaches whom (docs.docker.com/engine/network/drivers/bridge/)", () => {
  it("the default bridge has no name resolution: busybox wget says bad address; a user-defined network resolves container names", async () => {
    const s = dockerSession();
    await run(s, "docker run -d --name web nginx");
    await run(s, "docker run -d --name client busybox sleep 3600");
    expect(await run(s, "docker exec client wget -qO- http://web")).toEqual({ stdout: "", stderr: "wget: bad address 'web'\n", exitCode: 1 });
    expect((await run(s, "docker exec client ping -c 1 web")).stderr).toBe("ping: bad address 'web'\n");

    await run(s, "docker network create app");
    await run(s, "docker network connect app web");
    await run(s, "docker network connect app client");
    const got = await run(s, "docker exec client wget -qO- http://web");
    expect([got.stdout, got.exitCode]).toEqual([expect.stringMatching(WELCOME), 0]);
    expect((await run(s, "docker exec client ping -c 2 web")).stdout).toBe(
      "PING web (172.18.0.2): 56 data bytes\n64 bytes from 172.18.0.2: seq=0 ttl=64 time=0.080 ms\n64 bytes from 172.18.0.2: seq=1 ttl=64 time=0.080 ms\n\n--- web ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min/avg/max = 0.080/0.080/0.080 ms\n",
    );
  });

  it("containers on two different user-defined networks cannot resolve each other; --network-alias adds a name", async () => {
    const s = dockerSession();
    await run(s, "docker network create front");
    await run(s, "docker network create back");
    await run(s, "docker run -d --name api --network back --network-alias backend nginx");
    await run(s, "docker run -d --name ui --network front busybox sleep 3600");
    expect((await run(s, "docker exec ui wget -qO- http://api")).stderr).toBe("wget: bad address 'api'\n");
    // By address across bridges: Docker's isolation rules drop the packets.
    expect((await run(s, "docker exec ui wget -qO- http://172.19.0.2")).stderr).toBe("wget: can't connect to remote host (172.19.0.2): Connection timed out\n");
    await run(s, "docker network connect back ui");
    expect((await run(s, "docker exec ui wget -qO- http://backend")).stdout).toMatch(WELCOME);
    await run(s, "docker network disconnect back ui");
    expect((await run(s, "docker exec ui wget -qO- http://backend")).stderr).toBe("wget: bad address 'backend'\n");
  });

  it("a name that resolves to a container with nothing on that port is refused", async () => {
    const s = dockerSession();
    await run(s, "docker network create app");
    await run(s, "docker run -d --name db --network app busybox sleep 3600");
    await run(s, "docker run -d --name client --network app busybox sleep 3600");
    expect((await run(s, "docker exec client wget -qO- http://db:5432")).stderr).toBe("wget: can't connect to remote host (172.18.0.2): Connection refused\n");
  });

  it("--network none has only loopback; --add-host host.docker.internal:host-gateway reaches the host's published ports", async () => {
    const s = dockerSession();
    await run(s, "docker run -d -p 8080:80 --name pub nginx");
    await run(s, "docker pull -q busybox");
    expect(await run(s, "docker run --rm --network none busybox wget -qO- http://pub")).toEqual({ stdout: "", stderr: "wget: bad address 'pub'\n", exitCode: 1 });
    const viaHost = await run(s, "docker run --rm --add-host host.docker.internal:host-gateway busybox wget -qO- http://host.docker.internal:8080");
    expect([viaHost.stdout, viaHost.exitCode]).toEqual([expect.stringMatching(WELCOME), 0]);
    const noHost = await run(s, "docker run --rm busybox wget -qO- http://host.docker.internal:8080");
    expect([noHost.stderr, noHost.exitCode]).toEqual(["wget: bad address 'host.docker.internal'\n", 1]);
  });

  it("a web server serves what its document root holds, through a bind mount too", async () => {
    const s = dockerSession({ "site/index.html": "<h1>hello</h1>\n" });
    await run(s, "docker network create app");
    await run(s, 'docker run -d --name site --network app -v "$PWD"/site:/usr/share/nginx/html:ro nginx');
    await run(s, "docker run -d --name client --network app busybox sleep 3600");
    expect((await run(s, "docker exec client wget -qO- http://site")).stdout).toBe("<h1>hello</h1>\n");
    expect((await run(s, "docker exec client wget -qO- http://site/missing.html")).stderr).toBe("wget: server returned error: HTTP/1.1 404 Not Found\n");
  });
});

describe("docker network commands (docs.docker.com/reference/cli/docker/network/)", () => {
  it("ls lists the predefined networks and created ones sorted by name, IDs cut to 12", async () => {
    const s = dockerSession();
    const id = (await run(s, "docker network create app")).stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const lines = (await run(s, "docker network ls")).stdout.split("\n");
    expect(lines[0]).toBe("NETWORK ID     NAME      DRIVER    SCOPE");
    expect(lines.slice(1, 5).map((l) => l.split(/\s+/).slice(1).join(" "))).toEqual(["app bridge local", "bridge bridge local", "host host local", "none null local"]);
    expect(lines[1]!.slice(0, 12)).toBe(id.slice(0, 12));
  });

  it("inspect shows the subnet, gateway and attached running containers; container inspect shows the endpoint with its DNS names", async () => {
    const s = dockerSession();
    await run(s, "docker network create app");
    await run(s, "docker run -d --name web --network app --network-alias www nginx");
    const net = JSON.parse((await run(s, "docker network inspect app")).stdout)[0] as Record<string, unknown>;
    expect(Object.keys(net)).toEqual(["Name", "Id", "Created", "Scope", "Driver", "EnableIPv6", "IPAM", "Internal", "Attachable", "Ingress", "ConfigFrom", "ConfigOnly", "Containers", "Options", "Labels"]);
    expect(net.IPAM).toEqual({ Driver: "default", Options: {}, Config: [{ Subnet: "172.18.0.0/16", Gateway: "172.18.0.1" }] });
    expect(Object.values(net.Containers as Record<string, unknown>)).toEqual([expect.objectContaining({ Name: "web", IPv4Address: "172.18.0.2/16", MacAddress: "02:42:ac:12:00:02" })]);
    expect((await run(s, "docker inspect -f '{{.HostConfig.NetworkMode}} {{.NetworkSettings.IPAddress}}|{{.NetworkSettings.Networks.app.IPAddress}}' web")).stdout).toBe("app |172.18.0.2\n");
    const id = (await run(s, "docker inspect -f '{{.Id}}' web")).stdout.trim();
    expect((await run(s, "docker inspect -f '{{json .NetworkSettings.Networks.app.DNSNames}}' web")).stdout).toBe(`["web","www","${id.slice(0, 12)}"]\n`);
  });

  it("rm refuses predefined networks and networks with endpoints, in the daemon's words", async () => {
    const s = dockerSession();
    expect((await run(s, "docker network rm bridge")).stderr).toBe("Error response from daemon: bridge is a pre-defined network and cannot be removed\n");
    const id = (await run(s, "docker network create app")).stdout.trim();
    await run(s, "docker run -d --name web --network app nginx");
    expect((await run(s, "docker network rm app")).stderr).toBe(`Error response from daemon: error while removing network: network app id ${id} has active endpoints\n`);
    expect((await run(s, "docker network create app")).stderr).toBe("Error response from daemon: network with name app already exists\n");
    await run(s, "docker rm -f web");
    expect(await run(s, "docker network rm app")).toEqual({ stdout: "app\n", stderr: "", exitCode: 0 });
    expect((await run(s, "docker network rm app")).stderr).toBe("Error response from daemon: network app not found\n");
  });

  it("run --network with an unknown network, and aliases on the default bridge, fail as the daemon does", async () => {
    const s = dockerSession();
    expect((await run(s, "docker run -d --network nope busybox")).stderr).toContain("docker: Error response from daemon: network nope not found\n");
    expect((await run(s, "docker run -d --network-alias x busybox")).stderr).toContain("network-scoped alias is supported only for containers in user defined networks");
  });

  it("docker ps shows each container's networks and mounts (formatter/container.go)", async () => {
    const s = dockerSession();
    await run(s, "docker network create app");
    await run(s, "docker run -d --name web --network app -v data:/data nginx");
    await run(s, "docker network connect bridge web");
    expect((await run(s, "docker ps --format '{{.Names}} {{.Networks}} {{.Mounts}} {{.LocalVolumes}}'")).stdout).toBe("web app,bridge data 1\n");
  });

  it("prune removes custom networks no container uses", async () => {
    const s = dockerSession();
    await run(s, "docker network create used");
    await run(s, "docker network create unused");
    await run(s, "docker run -d --name web --network used nginx");
    expect((await run(s, "docker network prune -f")).stdout).toBe("Deleted Networks:\nunused\n\n");
  });
});

describe("published ports (docs: docker container port, -P)", () => {
  it("port lists each mapping for IPv4 and IPv6; -P picks host ports from 32768 for every EXPOSEd port", async () => {
    const s = dockerSession();
    await run(s, "docker run -d -p 8080:80 --name pub nginx");
    expect((await run(s, "docker port pub")).stdout).toBe("80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n");
    expect((await run(s, "docker port pub 80")).stdout).toBe("0.0.0.0:8080\n[::]:8080\n");
    expect((await run(s, "docker port pub 81")).stderr).toBe("Error: No public port '81/tcp' published for pub\n");
    await run(s, "docker run -d -P --name all nginx");
    expect((await run(s, "docker port all")).stdout).toBe("80/tcp -> 0.0.0.0:32768\n80/tcp -> [::]:32768\n");
  });
});
