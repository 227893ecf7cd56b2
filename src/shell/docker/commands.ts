/** Every docker command kadet simulates, in one table (the family finds commands here). */
import type { DockerCommand } from "./command.js";
import { buildCommand } from "./build.js";
import { execCommand } from "./exec.js";
import { historyCommand } from "./history.js";
import { imagesCommand } from "./images.js";
import { containerInspectCommand, inspectCommand } from "./inspect-container.js";
import { imageInspectCommand } from "./inspect-image.js";
import { containerPruneCommand, killCommand, restartCommand, rmCommand, startCommand, stopCommand } from "./lifecycle.js";
import { logsCommand } from "./logs.js";
import { psCommand } from "./ps.js";
import { pullCommand } from "./pull.js";
import { pushCommand } from "./push.js";
import { loginCommand, logoutCommand } from "./login.js";
import { runCommand } from "./run.js";
import { rmiCommand, tagCommand } from "./tag.js";
import { cpCommand, diffCommand, portCommand } from "./container-fs-commands.js";
import { networkConnectCommand, networkCreateCommand, networkDisconnectCommand, networkInspectCommand, networkLsCommand, networkPruneCommand, networkRmCommand } from "./network.js";
import { volumeCreateCommand, volumeInspectCommand, volumeLsCommand, volumePruneCommand, volumeRmCommand } from "./volume.js";

export const COMMANDS: readonly DockerCommand[] = [
  buildCommand, imagesCommand, historyCommand, imageInspectCommand, tagCommand, rmiCommand,
  runCommand, psCommand, logsCommand, stopCommand, killCommand, startCommand, restartCommand, rmCommand, containerPruneCommand,
  containerInspectCommand, inspectCommand, execCommand, pullCommand, pushCommand, loginCommand, logoutCommand,
  volumeCreateCommand, volumeLsCommand, volumeInspectCommand, volumeRmCommand, volumePruneCommand,
  networkCreateCommand, networkLsCommand, networkInspectCommand, networkConnectCommand, networkDisconnectCommand, networkRmCommand, networkPruneCommand,
  diffCommand, cpCommand, portCommand,
];
