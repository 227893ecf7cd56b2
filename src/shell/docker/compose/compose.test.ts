// docker compose as Compose v2 does it (https://docs.docker.com/compose/: "Networking in Compose",
// "How Compose works", the Compose Specification's services/networks/volumes). Progress lines are
// Compose's non-terminal ones (` Container app-web-1  Started` on stderr).
import { describe, expect, it } from "vitest";
import { dockerSession } from "../testing.js";

const STACK = `services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
    depends_on:
      - api
  api:
    image: busybox
    command: sh -c "echo api up as $\${MODE}; sleep 3600"
    environment:
      MODE: \${MODE:-dev}
    volumes:
      - data:/data
volumes:
  data:
`;

describe("docker compose up -d / ps / logs / down", () => {
  it("creates <project>_default, the named volume and <project>-<service>-1 containers, dependencies first", async () => {
    const s = dockerSession({ "compose.yaml": STACK });
    const up = await s.run("docker compose -p app up -d");
    expect(up.exitCode).toBe(0);
    const lines = up.stderr.trimEnd().split("\n");
    expect(lines.slice(4)).toEqual([
      " Network app_default  Creating",
      " Network app_default  Created",
      ' Volume "app_data"  Creating',
      ' Volume "app_data"  Created',
      " Container app-api-1  Creating",
      " Container app-api-1  Created",
      " Container app-web-1  Creating",
      " Container app-web-1  Created",
      " Container app-api-1  Starting",
      " Container app-api-1  Started",
      " Container app-web-1  Starting",
      " Container app-web-1  Started",
    ]);
    const ps = (await s.run("docker compose -p app ps")).stdout.split("\n");
    expect(ps[0]).toMatch(/^NAME +IMAGE +COMMAND +SERVICE +CREATED +STATUS +PORTS$/);
    expect(ps[2]).toMatch(/^app-web-1 +nginx:1\.27 +"\/docker-entrypoint\.…" +web .* Up .*0\.0\.0\.0:8080->80\/tcp/);
    expect((await s.run("docker compose -p app up -d")).stderr).toBe(" Container app-api-1  Running\n Container app-web-1  Running\n");
  });

  it("the environment is interpolated (${MODE:-dev}, the shell's variables first) and logs are prefixed as Compose pads them", async () => {
    const s = dockerSession({ "compose.yaml": STACK, ".env": "MODE=from-dotenv\n" });
    await s.run("docker compose -p app up -d");
    expect((await s.run("docker compose -p app logs api")).stdout).toBe("api-1  | api up as from-dotenv\n");
    expect((await s.run("docker inspect -f '{{.Config.Env}}' app-api-1")).stdout).toContain("MODE=from-dotenv");
  });

  it("services reach each other by service name on the project network, and only there", async () => {
    const s = dockerSession({ "compose.yaml": STACK });
    await s.run("docker compose -p app up -d");
    expect((await s.run("docker run --rm --network app_default busybox wget -qO- http://web")).stdout).toContain("Welcome to nginx!");
    expect((await s.run("docker run --rm busybox wget -qO- http://web")).exitCode).not.toBe(0);
  });

  it("down stops and removes the containers, then the network; -v removes the named volumes", async () => {
    const s = dockerSession({ "compose.yaml": STACK });
    await s.run("docker compose -p app up -d");
    const down = await s.run("docker compose -p app down -v");
    expect(down.stderr).toContain(" Container app-web-1  Stopping\n Container app-web-1  Stopped\n Container app-web-1  Removing\n Container app-web-1  Removed\n");
    expect(down.stderr).toContain(" Volume app_data  Removed\n Network app_default  Removing\n Network app_default  Removed\n");
    expect((await s.run("docker ps -aq")).stdout).toBe("");
    expect((await s.run("docker volume ls -q")).stdout).toBe("");
  });

  it("an attached up of services that exit returns with their exit lines", async () => {
    const s = dockerSession({ "compose.yaml": "services:\n  job:\n    image: busybox\n    command: echo done\n" });
    const up = await s.run("docker compose -p app up");
    expect(up.stdout).toBe("Attaching to job-1\njob-1  | done\njob-1 exited with code 0\n");
  });

  it("build: the image is built from the folder and named <project>-<service>", async () => {
    const s = dockerSession({ "compose.yaml": "services:\n  app:\n    build: .\n", Dockerfile: 'FROM busybox\nCMD ["echo", "built"]\n' });
    const up = await s.run("docker compose -p demo up");
    expect(up.stderr).toContain("naming to docker.io/library/demo-app");
    expect(up.stdout).toContain("app-1  | built\n");
    expect((await s.run("docker images --format '{{.Repository}}'")).stdout).toContain("demo-app\n");
  });
});

describe("validation (compose-go's words; what kadet does not model is named)", () => {
  it("a field the specification lacks, one kadet does not simulate, an undefined volume, a missing file", async () => {
    const unknown = dockerSession({ "compose.yaml": "services:\n  web:\n    imagee: nginx\n" });
    expect((await unknown.run("docker compose config")).stderr).toMatch(/^validating \/.*\/compose\.yaml: services\.web additional properties 'imagee' not allowed\n$/);
    const health = dockerSession({ "compose.yaml": "services:\n  web:\n    image: nginx\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n" });
    expect((await health.run("docker compose up -d")).stderr).toBe("kadet: 'services.web.healthcheck' in compose.yaml is not simulated yet\n");
    const volume = dockerSession({ "compose.yaml": "services:\n  db:\n    image: postgres\n    volumes:\n      - pgdata:/var/lib/postgresql/data\n" });
    expect((await volume.run("docker compose up -d")).stderr).toBe('service "db" refers to undefined volume pgdata: invalid compose project\n');
    const none = dockerSession();
    expect((await none.run("docker compose up -d")).stderr).toBe("no configuration file provided: not found\n");
    const nothing = dockerSession({ "compose.yaml": "services:\n  web:\n    ports: [\"80\"]\n" });
    expect((await nothing.run("docker compose up -d")).stderr).toBe('service "web" has neither an image nor a build context specified: invalid compose project\n');
  });

  it("the obsolete version attribute is a warning, and an unset variable defaults to blank with Compose's warning", async () => {
    const s = dockerSession({ "compose.yaml": "version: '3.8'\nservices:\n  web:\n    image: nginx:${TAG}\n" });
    const r = await s.run("docker compose config");
    expect(r.stderr).toContain('WARN[0000] The "TAG" variable is not set. Defaulting to a blank string.\n');
    expect(r.stderr).toMatch(/the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion/);
    expect(r.stdout).toContain("image: \"nginx:\"");
  });
});

describe("up again after an edit (Compose recreates only what changed)", () => {
  it("a changed environment recreates that service's container; the others keep running", async () => {
    const s = dockerSession({ "compose.yaml": STACK });
    await s.run("docker compose -p app up -d");
    const again = await s.run("MODE=prod docker compose -p app up -d");
    expect(again.stderr).toBe(" Container app-api-1  Recreate\n Container app-api-1  Recreated\n Container app-web-1  Running\n Container app-api-1  Starting\n Container app-api-1  Started\n");
    expect((await s.run("docker compose -p app logs api")).stdout).toBe("api-1  | api up as prod\n");
  });
});
