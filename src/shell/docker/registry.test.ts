// Registries: docker login/logout/push/pull against Docker Hub and registry.local:5000, and the
// kubelets of the same environment pulling what was pushed (issue 8, "Registries").
import { describe, expect, it } from "vitest";
import { dockerSession } from "./testing.js";

const APP = {
  Dockerfile: 'FROM busybox\nCOPY motd.txt /motd.txt\nCMD ["sh", "-c", "echo hello from app; sleep 3600"]\n',
  "motd.txt": "hi\n",
};

describe("docker push (moby distribution/push.go, push_v2.go; Docker Hub's denial)", () => {
  it("a name no local image has: the daemon's 'An image does not exist locally with the tag' after 'The push refers to repository'", async () => {
    const s = dockerSession(APP);
    const r = await s.run("docker push registry.local:5000/app:1");
    expect(r).toEqual({ stdout: "The push refers to repository [registry.local:5000/app]\n", stderr: "An image does not exist locally with the tag: registry.local:5000/app\n", exitCode: 1 });
    await s.run("docker build -q -t registry.local:5000/app:1 .");
    expect((await s.run("docker push registry.local:5000/app:2")).stderr).toBe("tag does not exist: registry.local:5000/app:2\n");
  });

  it("to registry.local:5000 needs no login; each layer Preparing then Pushed, then TAG: digest: ... size: N; a second push finds its layers there", async () => {
    const s = dockerSession(APP);
    await s.run("docker build -q -t registry.local:5000/app:1 .");
    const r = await s.run("docker push registry.local:5000/app:1");
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("The push refers to repository [registry.local:5000/app]");
    expect(lines.slice(1, 3).every((l) => /^[0-9a-f]{12}: Preparing$/.test(l))).toBe(true);
    expect(lines.slice(3, 5).every((l) => /^[0-9a-f]{12}: Pushed$/.test(l))).toBe(true);
    expect(lines[5]).toMatch(/^1: digest: sha256:[0-9a-f]{64} size: \d+$/);
    await s.run("docker tag registry.local:5000/app:1 registry.local:5000/app:2");
    const again = await s.run("docker push registry.local:5000/app:2");
    expect(again.stdout).toContain(": Layer already exists\n");
    expect(again.stdout).not.toContain(": Pushed\n");
  });

  it("to Docker Hub: denied without a login or into another namespace; allowed into the logged-in account's own, mounting the base layer", async () => {
    const s = dockerSession(APP);
    await s.run("docker build -q -t app:1 .");
    await s.run("docker tag app:1 alice/app:1");
    const denied = await s.run("docker push app:1");
    expect(denied.stdout).toMatch(/^The push refers to repository \[docker\.io\/library\/app\]\n([0-9a-f]{12}: Preparing\n)+$/);
    expect(denied.stderr).toBe("denied: requested access to the resource is denied\n");
    expect((await s.run("docker push alice/app:1")).stderr).toBe("denied: requested access to the resource is denied\n");
    await s.run("docker login -u alice -p secret");
    expect((await s.run("docker push app:1")).exitCode).toBe(1);
    const pushed = await s.run("docker push alice/app:1");
    expect(pushed.exitCode).toBe(0);
    expect(pushed.stdout).toContain(": Mounted from library/busybox\n");
    await s.run("docker logout");
    expect((await s.run("docker push alice/app:1")).stderr).toBe("denied: requested access to the resource is denied\n");
  });
});

describe("docker login / logout (cli/command/registry; credentials in ~/.docker/config.json)", () => {
  it("stores base64 user:password under the Hub's key, tab-indented, with the CLI's warnings", async () => {
    const s = dockerSession();
    const r = await s.run("docker login -u alice -p secret");
    expect(r.stdout).toBe("Login Succeeded\n");
    expect(r.stderr).toBe(
      "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n\nWARNING! Your credentials are stored unencrypted in '/root/.docker/config.json'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\n",
    );
    expect((await s.run("cat ~/.docker/config.json")).stdout).toBe(`{\n\t"auths": {\n\t\t"https://index.docker.io/v1/": {\n\t\t\t"auth": "${Buffer.from("alice:secret").toString("base64")}"\n\t\t}\n\t}\n}`);
    expect((await s.run("echo pw | docker login -u bob --password-stdin registry.local:5000")).stdout).toBe("Login Succeeded\n");
    expect((await s.run("cat ~/.docker/config.json")).stdout).toContain('"registry.local:5000": {');
    expect((await s.run("docker logout registry.local:5000")).stdout).toBe("Removing login credentials for registry.local:5000\n");
    expect((await s.run("cat ~/.docker/config.json")).stdout).not.toContain("registry.local:5000");
  });
});

describe("docker pull from registry.local:5000", () => {
  it("a pushed image comes back with the same ID; an unpushed tag is the registry's manifest unknown", async () => {
    const s = dockerSession(APP);
    await s.run("docker build -q -t registry.local:5000/app:1 .");
    await s.run("docker push registry.local:5000/app:1");
    const id = (await s.run("docker images -q registry.local:5000/app:1")).stdout;
    await s.run("docker rmi registry.local:5000/app:1");
    const pulled = await s.run("docker pull registry.local:5000/app:1");
    expect(pulled.stdout).toMatch(/^1: Pulling from app\n/);
    expect(pulled.stdout).toMatch(/Status: Downloaded newer image for registry\.local:5000\/app:1\nregistry\.local:5000\/app:1\n$/);
    expect((await s.run("docker images -q registry.local:5000/app:1")).stdout).toBe(id);
    const missing = await s.run("docker pull registry.local:5000/app:9");
    expect(missing.stderr).toBe("Error response from daemon: manifest for registry.local:5000/app:9 not found: manifest unknown: manifest unknown\n");
  });
});

describe("the cluster's nodes pull from the same registry (DESIGN.md: one image store and registries)", () => {
  it("a pod of registry.local:5000/app:1 is ImagePullBackOff before the push and runs the image's CMD after it", async () => {
    const s = dockerSession(APP);
    await s.run("kubectl run app --image=registry.local:5000/app:1");
    await s.run("sleep 30");
    expect((await s.run("kubectl get pod app --no-headers")).stdout).toMatch(/ImagePullBackOff|ErrImagePull/);
    expect((await s.run("kubectl describe pod app")).stdout).toContain('failed to resolve reference "registry.local:5000/app:1": registry.local:5000/app:1: not found');
    await s.run("docker build -q -t registry.local:5000/app:1 .");
    await s.run("docker push registry.local:5000/app:1");
    await s.run("sleep 320");
    expect((await s.run("kubectl get pod app --no-headers")).stdout).toMatch(/1\/1 +Running/);
    expect((await s.run("kubectl logs app")).stdout).toBe("hello from app\n");
  });

  it("what was pushed survives a snapshot of the session (sim snapshot save/load keeps the registry)", async () => {
    const s = dockerSession(APP);
    await s.run("docker build -q -t registry.local:5000/app:1 .");
    await s.run("docker push registry.local:5000/app:1");
    const saved = await s.snapshot();
    const t = dockerSession();
    await t.load(saved);
    await t.run("kubectl run app --image=registry.local:5000/app:1");
    await t.run("sleep 20");
    expect((await t.run("kubectl get pod app --no-headers")).stdout).toMatch(/1\/1 +Running/);
  });
});
