/**
 * What every check type shares: the result it returns and the context it
 * reads. Checks only observe: they read the world through the API server,
 * the learner's history and workspace, and run commands on a copy.
 */
import type { CommandResult } from "../../shell/types.js";
import type { DockerDaemon } from "../../sim/docker/daemon.js";
import type { World } from "../../sim/world/world.js";

export type CheckStatus = "pass" | "fail" | "error";

export interface CheckResult {
  id: string;
  description: string;
  /** pass; fail (the learner's work does not meet it); error (the grader could not evaluate it). */
  status: CheckStatus;
  weight: number;
  /** What the grader saw, as the learner would see it. */
  observed?: string;
  /** What the check wanted. */
  expected?: string;
  /** The cause, in the learner's terms. */
  message: string;
}

export interface CheckContext {
  /** The learner's world; read only. */
  world: World;
  /** The learner's host's Docker daemon; read only (checks that build do so on a copy). Absent where no session is graded. */
  docker?: DockerDaemon;
  /** The learner's command history, oldest first. */
  history: readonly string[];
  /** The learner's workspace folder on disk. */
  workdir: string;
  /** Runs a command line on a throw-away copy of the learner's world, in the workspace. */
  runOnCopy(command: string): Promise<CommandResult>;
}

/** Fields every result takes from its check. */
export interface CheckIdentity {
  id: string;
  description: string;
  weight: number;
}

type Outcome = Omit<CheckResult, "id" | "description" | "weight">;

export function result(check: CheckIdentity, outcome: Outcome): CheckResult {
  const out: CheckResult = { id: check.id, description: check.description, weight: check.weight, status: outcome.status, message: outcome.message };
  if (outcome.observed !== undefined) out.observed = outcome.observed;
  if (outcome.expected !== undefined) out.expected = outcome.expected;
  return out;
}
