/** The list of CLI commands. A new command is one file plus one line here. */
import type { CliCommand } from '../command';
import { dataProfileCommand } from './data-profile';

export const commands: CliCommand[] = [dataProfileCommand];
