/**
 * What a container runs, decided in one place for Docker and Kubernetes:
 * the image's ENTRYPOINT and CMD, then `docker run` arguments and
 * `--entrypoint`, or a pod's `command` and `args`. Both the Docker daemon and
 * the kubelet call these functions; neither combines commands itself.
 */

/** ENTRYPOINT or CMD as the image config stores it: exec form already expanded (`/bin/sh -c ...` for shell form). */
export type ConfigCommand = readonly string[] | null;

/** The exec form a shell-form CMD/ENTRYPOINT/RUN becomes with the default SHELL (Dockerfile reference, SHELL). */
export function shellForm(text: string, shell: readonly string[] = ["/bin/sh", "-c"]): string[] {
  return [...shell, text];
}

export interface DockerRunOverrides {
  /** Words after the image in `docker run IMAGE ...`; empty when none were given. */
  args: readonly string[];
  /** `--entrypoint`: undefined when absent; "" clears the image's ENTRYPOINT. */
  entrypoint?: string;
}

export type ResolvedCommand =
  | {
      ok: true;
      /** Path followed by Args, as `docker inspect` shows them: ENTRYPOINT + CMD, concatenated. */
      argv: string[];
      /**
       * What actually runs, as the Dockerfile reference's table writes it. It differs from argv
       * only for a shell-form ENTRYPOINT: `sh -c STRING` runs STRING alone and the CMD words
       * after it become the shell's unused $0, $1..., so CMD and run arguments are ignored.
       */
      executed: string[];
    }
  | { ok: false; error: string };

/** Docker's words when neither the image nor the run gives a command (daemon/create.go). */
export const NO_COMMAND_SPECIFIED = "no command specified";

/**
 * ENTRYPOINT + CMD as the table in "Understand how CMD and ENTRYPOINT interact"
 * (https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact)
 * spells out: the command is the entrypoint followed by CMD; run arguments
 * replace CMD; `--entrypoint` replaces ENTRYPOINT and drops the image's CMD
 * (https://docs.docker.com/engine/containers/run/#default-entrypoint).
 */
export function resolveDockerCommand(entrypoint: ConfigCommand, cmd: ConfigCommand, run: DockerRunOverrides = { args: [] }): ResolvedCommand {
  let ep = entrypoint ?? [];
  let command = cmd ?? [];
  if (run.entrypoint !== undefined) {
    ep = run.entrypoint === "" ? [] : [run.entrypoint];
    command = [];
  }
  if (run.args.length > 0) command = [...run.args];
  const argv = [...ep, ...command];
  if (argv.length === 0) return { ok: false, error: NO_COMMAND_SPECIFIED };
  return { ok: true, argv, executed: shellFormOf(ep) ?? argv };
}

/** `/bin/sh -c STRING` when an entrypoint is a shell running one string (any shell, as SHELL may change it). */
function shellFormOf(entrypoint: readonly string[]): string[] | undefined {
  if (entrypoint.length === 3 && entrypoint[1] === "-c" && /(^|\/)(sh|bash|ash|dash)$/.test(entrypoint[0]!)) return [...entrypoint];
  return undefined;
}

/**
 * A pod container's `command`/`args` over the image's ENTRYPOINT/CMD, as the
 * table in https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#notes
 * has it: `command` replaces ENTRYPOINT and drops CMD; `args` replaces CMD.
 * An empty list counts as not set (the kubelet tests `len(container.Command) != 0`).
 */
export function resolveKubernetesCommand(entrypoint: ConfigCommand, cmd: ConfigCommand, command?: readonly string[], args?: readonly string[]): string[] {
  const hasCommand = command !== undefined && command.length > 0;
  const hasArgs = args !== undefined && args.length > 0;
  const ep = hasCommand ? [...command] : [...(entrypoint ?? [])];
  const rest = hasArgs ? [...args] : hasCommand ? [] : [...(cmd ?? [])];
  return [...ep, ...rest];
}
