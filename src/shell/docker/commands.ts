/** Every docker command kadet simulates, in one table (the family finds commands here). */
import type { DockerCommand } from "./command.js";
import { buildCommand } from "./build.js";
import { imagesCommand } from "./images.js";

export const COMMANDS: readonly DockerCommand[] = [buildCommand, imagesCommand];
