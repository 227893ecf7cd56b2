/** Every docker command kadet simulates, in one table (the family finds commands here). */
import type { DockerCommand } from "./command.js";
import { buildCommand } from "./build.js";
import { historyCommand } from "./history.js";
import { imagesCommand } from "./images.js";
import { imageInspectCommand } from "./inspect-image.js";
import { rmiCommand, tagCommand } from "./tag.js";

export const COMMANDS: readonly DockerCommand[] = [buildCommand, imagesCommand, historyCommand, imageInspectCommand, tagCommand, rmiCommand];
