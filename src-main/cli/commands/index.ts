/** The list of CLI commands. A new command is one file plus one line here. */
import type { CliCommand } from '../command';
import { dataProfileCommand } from './data-profile';
import { inspectCommand } from './inspect';
import { newCommand } from './new';
import { templatesCommand } from './templates';
import { trainCommand } from './train';
import { sweepCommand } from './sweep';
import { runsListCommand } from './runs-list';
import { exportCommand, projectExportCommand, projectImportCommand } from './export';
import { predictCommand } from './predict';

export const commands: CliCommand[] = [dataProfileCommand, templatesCommand, newCommand, inspectCommand, trainCommand, sweepCommand, runsListCommand, predictCommand, exportCommand, projectExportCommand, projectImportCommand];
