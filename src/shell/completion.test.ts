// Tab completion as bash-completion for kubectl offers it (kubectl completion bash → cobra
// __complete): verbs, resource types, names from the live model, namespaces after -n, flags,
// files; an alias of kubectl (BASH_ALIAS_* in the session's env) completes as kubectl.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "./session.js";

async function tab(session: Session, line: string) {
  return session.complete(line, line.length);
}

describe("completion", () => {
  it("completes verbs and resource types, and lists candidates when ambiguous", async () => {
    const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-comp-")) });
    expect((await tab(s, "kubectl desc")).line).toBe("kubectl describe ");
    expect((await tab(s, "kubectl get deploym")).line).toBe("kubectl get deployments ");
    const ambiguous = await tab(s, "kubectl get pod");
    expect(ambiguous.line).toBe("kubectl get pod");
    expect(ambiguous.candidates).toContain("pods");
    expect(ambiguous.candidates).toContain("poddisruptionbudgets");
  });

  it("completes object names from the model, with short names, TYPE/NAME and -n", async () => {
    const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-comp-")) });
    await s.run("kubectl run web-7f9c --image=nginx");
    await s.run("kubectl create ns team-a");
    await s.run("kubectl run api --image=nginx -n team-a");
    expect((await tab(s, "kubectl get po we")).line).toBe("kubectl get po web-7f9c ");
    expect((await tab(s, "kubectl describe pod/w")).line).toBe("kubectl describe pod/web-7f9c ");
    expect((await tab(s, "kubectl logs w")).line).toBe("kubectl logs web-7f9c ");
    expect((await tab(s, "kubectl get pods -n tea")).line).toBe("kubectl get pods -n team-a ");
    expect((await tab(s, "kubectl -n team-a get pods a")).line).toBe("kubectl -n team-a get pods api ");
    expect((await tab(s, "kubectl get pods a")).candidates).toEqual([]);
  });

  it("completes the verb's flags from its recorded help, and files after -f", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kadet-comp-"));
    writeFileSync(join(dir, "deploy.yaml"), "");
    mkdirSync(join(dir, "manifests"));
    const s = new Session({ cwd: dir });
    expect((await tab(s, "kubectl get --show-l")).line).toBe("kubectl get --show-labels ");
    expect((await tab(s, "kubectl apply -f dep")).line).toBe("kubectl apply -f deploy.yaml ");
    expect((await tab(s, "kubectl apply -f man")).line).toBe("kubectl apply -f manifests/");
    expect((await tab(s, "cat de")).line).toBe("cat deploy.yaml ");
  });
});

// docker's own bash completion (docker/cli contrib/completion/bash/docker): commands, a
// management command's subcommands, flags, and the daemon's objects where a command takes them.
describe("completion of docker", () => {
  async function withContainers() {
    const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-comp-")) });
    for (const line of ["docker run -d --name web nginx:1.27", "docker run --name job busybox:1.36 true", "docker volume create data", "docker network create backend"]) {
      expect((await s.run(line)).exitCode).toBe(0);
    }
    return s;
  }

  it("completes commands, subcommands and a command's flags from the recorded help", async () => {
    const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-comp-")) });
    expect((await tab(s, "docker ins")).line).toBe("docker inspect ");
    expect((await tab(s, "docker net")).line).toBe("docker network ");
    expect((await tab(s, "docker volume pr")).line).toBe("docker volume prune ");
    expect((await tab(s, "docker run --rest")).line).toBe("docker run --restart ");
    expect((await tab(s, "docker ps --")).candidates).toContain("--all");
    expect((await tab(s, "docker --ver")).line).toBe("docker --version ");
  });

  it("offers running containers to stop, stopped ones to start, every one to rm, and ids once a word is typed", async () => {
    const s = await withContainers();
    expect((await tab(s, "docker stop ")).candidates).toEqual(["web"]);
    expect((await tab(s, "docker start ")).candidates).toEqual(["job"]);
    expect((await tab(s, "docker rm ")).candidates).toEqual(["job", "web"]);
    expect((await tab(s, "docker logs -f w")).line).toBe("docker logs -f web ");
    const id = s.docker.containers.find("web")!.id.slice(0, 12);
    expect((await tab(s, `docker exec ${id.slice(0, 4)}`)).candidates).toContain(id);
  });

  it("offers images as name:tag, volumes and networks by name, and networks after --network", async () => {
    const s = await withContainers();
    expect((await tab(s, "docker rmi ng")).line).toBe("docker rmi nginx:1.27 ");
    expect((await tab(s, "docker run -d ngi")).line).toBe("docker run -d nginx:1.27 ");
    expect((await tab(s, "docker volume rm d")).line).toBe("docker volume rm data ");
    expect((await tab(s, "docker network inspect ba")).line).toBe("docker network inspect backend ");
    expect((await tab(s, "docker run --network ba")).line).toBe("docker run --network backend ");
    expect((await tab(s, "docker network connect backend w")).line).toBe("docker network connect backend web ");
  });

  it("falls back to file names (docker build's context, a run's command)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kadet-comp-"));
    mkdirSync(join(dir, "app"));
    writeFileSync(join(dir, "Dockerfile"), "FROM busybox\n");
    const s = new Session({ cwd: dir });
    expect((await tab(s, "docker build -t x a")).line).toBe("docker build -t x app/");
    expect((await tab(s, "docker build -f Dock")).line).toBe("docker build -f Dockerfile ");
  });
});

describe("completion of etcdctl and sim", () => {
  it("etcdctl: commands, a group's subcommands, global and own flags, -w formats, snapshot files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kadet-comp-"));
    writeFileSync(join(dir, "backup.db"), "");
    const s = new Session({ cwd: dir });
    expect((await tab(s, "etcdctl snap")).line).toBe("etcdctl snapshot ");
    expect((await tab(s, "etcdctl snapshot s")).candidates).toEqual(["save", "status"]);
    expect((await tab(s, "etcdctl member l")).line).toBe("etcdctl member list ");
    expect((await tab(s, "etcdctl --cace")).line).toBe("etcdctl --cacert ");
    expect((await tab(s, "etcdctl get --pre")).line).toBe("etcdctl get --prefix ");
    expect((await tab(s, "etcdctl endpoint status -w t")).line).toBe("etcdctl endpoint status -w table ");
    expect((await tab(s, "etcdctl snapshot save b")).line).toBe("etcdctl snapshot save backup.db ");
  });

  it("sim: commands from sim help, their actions and flags, presets after --preset, the world's nodes", async () => {
    const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-comp-")) });
    expect((await tab(s, "sim cl")).line).toBe("sim clock ");
    expect((await tab(s, "sim clock a")).line).toBe("sim clock advance ");
    expect((await tab(s, "sim node ")).candidates).toEqual(["add", "remove"]);
    expect((await tab(s, "sim reset --pr")).line).toBe("sim reset --preset ");
    expect((await tab(s, "sim reset --preset h")).candidates).toContain("ha");
    expect((await tab(s, "sim node remove node0")).candidates).toEqual(["node01", "node02"]);
    expect((await tab(s, "sim node add x --cp")).line).toBe("sim node add x --cpu ");
  });

  it("k, aliased to kubectl as in the exam environment, completes as kubectl", async () => {
    const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-comp-")) });
    await s.run("alias k=kubectl");
    await s.run("kubectl run web-7f9c --image=nginx");
    expect((await tab(s, "k get po w")).line).toBe("k get po web-7f9c ");
    expect((await tab(s, "k desc")).line).toBe("k describe ");
  });

  it("k completes as kubectl from the start, with nothing typed first (the exam's pre-configured alias and completion), and not after unalias", async () => {
    const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-comp-")) });
    await s.run("kubectl run web-7f9c --image=nginx");
    expect((await tab(s, "k get po w")).line).toBe("k get po web-7f9c ");
    expect((await tab(s, "k get deploym")).line).toBe("k get deployments ");
    await s.run("unalias k");
    expect((await tab(s, "k get po w")).line).toBe("k get po w");
  });
});
