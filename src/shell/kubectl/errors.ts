/**
 * How kubectl words its failures on stderr (kubectl/pkg/cmd/util/helpers.go):
 * API statuses as `Error from server (Reason): message`, Invalid statuses as
 * `The Kind "name" is invalid: field: detail`, usage errors with their
 * `See '... -h' for help and examples` hint, flag errors with `See '... --help'
 * for usage.`, and klog lines for the few warnings kubectl logs.
 */
import type { ApiError } from "../../sim/api/errors.js";
import { renderFieldError } from "../../sim/api/errors.js";
import { failure, type CommandResult } from "../types.js";

/** cmdutil.CheckErr: prefixes "error: " unless the message already has it. */
export function errorText(message: string): string {
  return message.startsWith("error: ") ? message : `error: ${message}`;
}

export function fail(message: string): CommandResult {
  return failure(errorText(message));
}

/** cmdutil.UsageErrorf: `error: msg\nSee 'kubectl get -h' for help and examples`. */
export function usageError(commandPath: string, message: string): CommandResult {
  return failure(`error: ${message}\nSee '${commandPath} -h' for help and examples`);
}

/** templater.FlagErrorFunc: `error: unknown flag: --foo\nSee 'kubectl get --help' for usage.` */
export function flagError(commandPath: string, message: string): CommandResult {
  return failure(`error: ${message}\nSee '${commandPath} --help' for usage.`);
}

/** cobra's MarkFlagRequired check, printed through CheckErr. */
export function requiredFlags(names: string[]): CommandResult {
  return failure(`error: required flag(s) ${names.map((n) => `"${n}"`).join(", ")} not set`);
}

/** checkErr's text for an API status (without the trailing newline). */
export function apiErrorText(error: ApiError): string {
  if (error.reason === "Invalid" && error.causes && error.causes.length > 0) {
    // details.Kind is the bare kind ("Deployment"), not "Deployment.apps".
    const m = error.message.match(/^(?:error when \w+ "[^"]*": |error when applying patch:[\s\S]*?\nfor: "[^"]*": )?([A-Za-z]+)(?:\.[\w.-]+)? "([^"]*)" is invalid/);
    const subject = m ? `The ${m[1]} "${m[2]}" is invalid` : "The request is invalid";
    const rendered = error.causes.map(renderFieldError);
    // MultilineError: one error inline, several as a bulleted list.
    if (rendered.length === 1) return `${subject}: ${rendered[0]}`;
    return `${subject}: \n${rendered.map((r) => `* ${r}`).join("\n")}`;
  }
  return `Error from server (${error.reason}): ${error.message}`;
}

export function apiFailure(error: ApiError, stdout = ""): CommandResult {
  return failure(apiErrorText(error), 1, stdout);
}

/**
 * A klog header line as kubectl's logger writes it:
 * `W1127 18:53:35.696838   14760 helpers.go:702] message`. The time is the
 * simulated clock's; the process id is a fixed stand-in.
 */
export function klogLine(severity: "W" | "E" | "I" | "F", source: string, message: string, nowMs: number): string {
  const d = new Date(nowMs);
  const two = (n: number) => String(n).padStart(2, "0");
  const micros = String(d.getUTCMilliseconds() * 1000).padStart(6, "0");
  const stamp = `${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${micros}`;
  return `${severity}${stamp} ${String(KUBECTL_PID).padStart(7)} ${source}] ${message}\n`;
}

const KUBECTL_PID = 4242;
