/** The list of CLI commands. A new command is one file plus one line here. */
import type { CliCommand } from '../command';

export const commands: CliCommand[] = [];
