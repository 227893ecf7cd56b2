// `kubectl create <deployment|namespace|configmap|secret generic>`, against output
// recorded from kubectl 1.32 (testdata/record.sh) and the live model.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";
import { kubectlFamily } from "./index.js";
import { kindNamed } from "../../sim/api/kinds.js";
import { golden, kubectlSession, recordedError } from "./testing.js";

describe("kubectl create, client side", () => {
  it.each([
    ["create deployment web --image=nginx --replicas=3 --port=80 --dry-run=client -o yaml", "create-deployment-port.yaml.golden"],
    ["create deployment multi --image=nginx --image=redis:7 --dry-run=client -o yaml", "create-deployment-multi.yaml.golden"],
    ["create deployment web --image=nginx --replicas=3 --dry-run=client -o json", "printers/testdata/create-deployment.json.golden"],
    ["create namespace dev --dry-run=client -o yaml", "create-namespace.yaml.golden"],
    ["create namespace dev --dry-run=client -o name", "create-namespace.name.golden"],
    ["create configmap cfg --from-literal=a=1 --from-file=files/app.conf --from-file=k=files/app.conf --dry-run=client -o yaml", "create-configmap-files.yaml.golden"],
    ["create configmap dir --from-file=files --dry-run=client -o yaml", "create-configmap-dir.yaml.golden"],
    ["create configmap env --from-env-file=files/app.env --dry-run=client -o yaml", "create-configmap-env.yaml.golden"],
    ["create secret generic s --from-literal=user=admin --from-file=files/app.conf --dry-run=client -o yaml", "create-secret-generic.yaml.golden"],
    ["create secret docker-registry reg --docker-server=registry.local:5000 --docker-username=u --docker-password=p --docker-email=e@x --dry-run=client -o yaml", "create-secret-docker-registry.yaml.golden"],
    // --docker-server defaults to Docker Hub's index (create_secret_docker.go).
    ["create secret docker-registry hub --docker-username=u --docker-password=p --dry-run=client -o yaml", "create-secret-docker-registry-default.yaml.golden"],
    ["create deployment web --image=nginx --dry-run=client", "create-deployment.dryrun.golden"],
    // The words after -- are the container's command (create_deployment.go buildPodSpec).
    ["create deployment web --image=busybox --port=80 --dry-run=client -o yaml -- sleep 3600", "create-deployment-command.yaml.golden"],
    // pflag parses integers with strconv.ParseInt(s, 0, bits): base prefixes and underscores.
    ["create deployment web --image=nginx --replicas=0x_1_0 --port=0o17 --dry-run=client -o yaml", "create-deployment-go-ints.yaml.golden"],
  ])("kubectl %s matches the real client", async (cmd, file) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    expect(r.stderr).toBe("");
    const expected = file.startsWith("printers/") ? golden(`../printers/testdata/${file.slice("printers/testdata/".length)}`) : golden(file);
    expect(r.stdout).toBe(expected);
  });

  it.each([
    ["create deployment x", "create-deploy-no-image"],
    ["create deployment web --image=busybox --image=nginx --dry-run=client -- sleep 1", "create-deploy-images-and-command"],
    ["create deployment --image=nginx", "create-deploy-no-name"],
    ["create deployment x --image=nginx --replicas=abc", "replicas-bad"],
    ["create configmap c --from-literal=novalue --dry-run=client", "configmap-bad-literal"],
    ["create secret docker-registry reg --dry-run=client", "docker-registry-no-creds"],
    ["create secret docker-registry --docker-username=u --docker-password=p --dry-run=client", "docker-registry-no-name"],
  ])("kubectl %s fails as the real client does", async (cmd, name) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });
});

describe("kubectl create, against the model", () => {
  it("a deployment's replicas become ready pods (Deployment → ReplicaSet → Pods)", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl create deployment web --image=nginx --replicas=3")).stdout).toBe("deployment.apps/web created\n");
    await s.run("sleep 60");
    const d = s.world.api.list(kindNamed("Deployment")!, "default");
    expect((d[0]?.status as { readyReplicas?: number }).readyReplicas).toBe(3);
  });

  it("namespaces: created, then AlreadyExists (apimachinery errors.NewAlreadyExists)", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl create namespace dev")).stdout).toBe("namespace/dev created\n");
    const again = await s.run("kubectl create ns dev");
    expect(again.stderr).toBe('Error from server (AlreadyExists): namespaces "dev" already exists\n');
  });

  it("a configmap in a namespace that does not exist is NotFound", async () => {
    const r = await kubectlSession().run("kubectl create configmap c --from-literal=a=b -n nope");
    expect(r.stderr).toBe('Error from server (NotFound): namespaces "nope" not found\n');
  });

  it("duplicate keys are refused on the client (configmapandsecret.addKeyFromLiteralToConfigMap)", async () => {
    const r = await kubectlSession().run("kubectl create cm x --from-literal=a=1 --from-literal=a=2");
    expect(r.stderr).toBe('error: cannot add key "a", another key by that name already exists in Data for ConfigMap "x"\n');
  });
});

// kubectl/pkg/cmd/create/create.go RunCreate: objects from -f are created as written;
// an existing one is reported with the file it came from.
describe("kubectl create -f", () => {
  it("creates each object in the file and refuses one that exists", async () => {
    // A folder of its own: the shared session folder is the committed testdata.
    const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-create-")), families: [kubectlFamily] });
    await s.run("cat <<'EOF_' > ns.yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\nEOF_");
    expect(await s.run("kubectl create -f ns.yaml")).toEqual({ stdout: "namespace/shop created\n", stderr: "", exitCode: 0 });
    expect(await s.run("kubectl create -f ns.yaml")).toEqual({
      stdout: "",
      stderr: 'Error from server (AlreadyExists): error when creating "ns.yaml": namespaces "shop" already exists\n',
      exitCode: 1,
    });
  });
});

// Integer flags are pflag Int32 or Int64 (recorded per flag in int-flag-bits.ts); a value out of
// range is refused before anything runs (2147483648 replicas used to hang the model).
describe("integer flags, as strconv.ParseInt words them", () => {
  it.each([
    ["int32-out-of-range", "create deployment web --image=nginx --replicas=2147483648"],
    ["int32-negative-out-of-range", "create deployment web --image=nginx --replicas=-2147483649"],
    ["int-bad-syntax", "create deployment web --image=nginx --replicas=1__0"],
    ["int64-out-of-range", "logs web --tail=9223372036854775808"],
  ])("%s: kubectl %s", async (name, cmd) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    const expected = recordedError(name);
    expect(r.stderr).toBe(expected.stderr);
    expect(r.exitCode).toBe(expected.exitCode);
  });
});
