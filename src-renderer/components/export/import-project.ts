/** "Open project file…": pick a .loom.json, import it as a new project (validated by the service) and open it. */
import { errorMessage } from '../../lib/api';
import type { AppState } from '../../lib/context';

/** The state an import works with (the app's, from context). */
export type ImportScope = Pick<AppState, 'api' | 'projects' | 'toasts'>;

/** Largest file read into memory for import (the service applies its own limit too). */
const MAX_BYTES = 20_000_000;

export async function importProjectText({ api, projects, toasts }: ImportScope, text: string, source: string): Promise<boolean> {
  try {
    const p = await api.call('projects.importFile', { text });
    await projects.refresh();
    await projects.open(p.id);
    toasts.show(`Imported "${p.name}" from ${source}.`, 'success');
    return true;
  } catch (err) {
    toasts.error(`${source} was not imported: ${errorMessage(err)}`);
    return false;
  }
}

export function pickProjectFile(s: ImportScope): void {
  const { toasts } = s;
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.json,.loom.json,application/json';
  input.style.display = 'none';
  input.dataset.testid = 'project-file-input';
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    input.remove();
    if (!file) return;
    if (file.size > MAX_BYTES) {
      toasts.error(`${file.name} is too large for a project file (${(file.size / 1e6).toFixed(1)} MB).`);
      return;
    }
    void file.text().then((text) => importProjectText(s, text, file.name));
  });
  document.body.append(input);
  input.click();
}
