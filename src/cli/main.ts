#!/usr/bin/env node
/**
 * The `kadet` command. Subcommands are loaded on demand so that
 * `kadet --version` starts as fast as node itself: only this file and node's
 * built-ins load before a subcommand is chosen.
 */
import { readFileSync } from "node:fs";

const HELP = `kadet - a terminal trainer for Docker and Kubernetes

Usage:
  kadet                               open the trainer (needs a terminal)
  kadet sandbox [--preset NAME] [-c 'COMMANDS']
                                      a shell on a fresh simulated cluster; reads commands
                                      from -c or standard input when it is not a terminal
  kadet lessons                       list the lessons
  kadet exercises [--topic T] [--json]
                                      list the exercises
  kadet exercise ID                   print an exercise's task
  kadet check ID --script FILE|-      run an exercise's setup, then your commands, then its checks
  kadet selfcheck [ID...]             prove every solution passes and every setup fails
  kadet exam list|start|status|submit|report|run ...
                                      timed practice exams ('kadet exam --help')
  kadet review [--json] | review next [--seed N] [--script FILE|-]
                                      what is due for review (FSRS); serve and answer the next
  kadet progress [--json]             mastery, due reviews, streak, exam readiness
  kadet --version | --help

Environment:
  KADET_HOME   where progress is kept (default ~/.local/share/kadet)
  NO_COLOR     plain output
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // React picks its production build when NODE_ENV says so; its development build was 15% of the
  // trainer's start-up in issue 12's profile. Tests set NODE_ENV themselves and keep theirs.
  process.env.NODE_ENV ??= "production";
  switch (command) {
    case "--version":
    case "-v":
    case "version":
      process.stdout.write(`kadet ${version()}\n`);
      return 0;
    case "--help":
    case "-h":
    case "help":
      process.stdout.write(HELP);
      return 0;
    case undefined: {
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        process.stderr.write(`kadet: the trainer needs a terminal; for scripts use 'kadet sandbox -c ...' or 'kadet check'\n\n${HELP}`);
        return 2;
      }
      const { openTrainer } = await import("./trainer.js");
      return openTrainer();
    }
    case "sandbox": {
      const { sandboxCommand } = await import("./sandbox.js");
      return sandboxCommand(rest);
    }
    case "lessons":
    case "exercises":
    case "exercise":
    case "check":
    case "selfcheck": {
      const { contentCommand } = await import("./content.js");
      return contentCommand(command, rest);
    }
    case "review": {
      const { reviewCommand } = await import("./review.js");
      return reviewCommand(rest);
    }
    case "progress": {
      const { progressCommand } = await import("./progress.js");
      return progressCommand(rest);
    }
    case "exam": {
      const { examCommand } = await import("./exam.js");
      return examCommand(rest);
    }
    default:
      process.stderr.write(`kadet: unknown command "${command}"\nRun 'kadet --help' for usage.\n`);
      return 2;
  }
}

// A reader that closes early (`kadet exam status | head -1`) must not crash kadet half way: the
// command goes on to its end (an exam command still saves the run), its output going nowhere.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`kadet: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
