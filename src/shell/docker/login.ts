/**
 * `docker login` / `docker logout`: the client's credentials in
 * `~/.docker/config.json` of the scratch home (`$DOCKER_CONFIG/config.json`
 * when set), written as the CLI writes it (tab-indented JSON, `auths` keyed by
 * `https://index.docker.io/v1/` for Docker Hub, by host name otherwise) and
 * read back by `docker push`. Messages are docker/cli's
 * (cli/command/registry/login.go, logout.go; recorded in testdata/cases.json).
 * No password is checked: kadet's registries accept any (not simulated).
 */
import { posix } from "node:path";
import { failure, type CommandResult, type FamilyContext } from "../types.js";
import { DOCKER_HUB_AUTH_KEY, LOCAL_REGISTRY } from "../../sim/docker/registry.js";
import { defineCommand } from "./command.js";

interface DockerConfigFile {
  auths?: Record<string, { auth?: string }>;
  [key: string]: unknown;
}

/** Where the client keeps its config: $DOCKER_CONFIG, else ~/.docker. */
function configPath(family: FamilyContext): string {
  const folder = family.env.DOCKER_CONFIG ?? posix.join(family.env.HOME ?? "/root", ".docker");
  return posix.join(folder, "config.json");
}

async function readConfig(family: FamilyContext): Promise<DockerConfigFile> {
  const text = await family.readFile(configPath(family));
  if (text === undefined || text.trim() === "") return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === "object" && parsed !== null ? (parsed as DockerConfigFile) : {};
  } catch {
    return {};
  }
}

async function writeConfig(family: FamilyContext, config: DockerConfigFile): Promise<string | undefined> {
  // configfile.Save: json.MarshalIndent(configFile, "", "\t"), mode 0600.
  const written = await family.writeFile(configPath(family), JSON.stringify(config, null, "\t"), 0o600);
  return written.ok ? undefined : written.error;
}

/** The key config.json uses for a server as the learner named it (registry.ConvertToHostname for others). */
export function authKeyFor(server: string | undefined): string {
  const host = (server ?? "").replace(/^https?:\/\//, "").split("/")[0]!;
  return host === "" || ["docker.io", "index.docker.io", "registry-1.docker.io"].includes(host) ? DOCKER_HUB_AUTH_KEY : host;
}

/** The account the client is logged in as for a registry host ("docker.io", "registry.local:5000"), from config.json. */
export async function loggedInAccount(family: FamilyContext, host: string): Promise<string | undefined> {
  const config = await readConfig(family);
  const key = host === "docker.io" ? DOCKER_HUB_AUTH_KEY : host;
  const auth = config.auths?.[key]?.auth;
  if (auth === undefined) return undefined;
  const decoded = Buffer.from(auth, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon === -1 ? undefined : decoded.slice(0, colon);
}

const KNOWN_HOSTS = [DOCKER_HUB_AUTH_KEY, LOCAL_REGISTRY];

export const loginCommand = defineCommand({
  paths: [["login"]],
  args: { max: 1 },
  needsDaemon: false,
  simulated: ["username", "password", "password-stdin"],
  async execute(ctx): Promise<CommandResult> {
    const username = ctx.flags.string("username");
    let password = ctx.flags.string("password");
    let stderr = "";
    if (ctx.flags.bool("password-stdin")) {
      if (password !== "") return failure("--password and --password-stdin are mutually exclusive");
      if (username === "") return failure("the --password-stdin option requires --username to be set");
      password = ctx.family.stdin.replace(/\r?\n$/, "");
    } else if (password !== "") stderr += "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n";
    // Without both, the CLI prompts; kadet's terminal is not a TTY to the client, as a script's is not.
    if (username === "" || password === "") return failure("Error: Cannot perform an interactive login from a non TTY device");
    const key = authKeyFor(ctx.args[0]);
    if (!KNOWN_HOSTS.includes(key)) return failure(`${stderr}kadet: the registry ${key} is not simulated (kadet has Docker Hub and ${LOCAL_REGISTRY})`);
    const config = await readConfig(ctx.family);
    config.auths = { ...(config.auths ?? {}), [key]: { auth: Buffer.from(`${username}:${password}`).toString("base64") } };
    const error = await writeConfig(ctx.family, config);
    if (error) return failure(`${stderr}Error saving credentials: ${error}`);
    stderr += `\nWARNING! Your credentials are stored unencrypted in '${configPath(ctx.family)}'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\n`;
    return { stdout: "Login Succeeded\n", stderr, exitCode: 0 };
  },
});

export const logoutCommand = defineCommand({
  paths: [["logout"]],
  args: { max: 1 },
  needsDaemon: false,
  simulated: [],
  async execute(ctx): Promise<CommandResult> {
    const key = authKeyFor(ctx.args[0]);
    const stdout = `Removing login credentials for ${key}\n`;
    const config = await readConfig(ctx.family);
    if (config.auths?.[key] !== undefined) {
      const { [key]: _removed, ...rest } = config.auths;
      config.auths = rest;
      const error = await writeConfig(ctx.family, config);
      if (error) return failure(`WARNING: could not erase credentials: ${key}: ${error}`, 0, stdout);
    }
    return { stdout, stderr: "", exitCode: 0 };
  },
});
