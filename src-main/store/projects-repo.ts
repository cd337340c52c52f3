/** Project rows. JSON columns are parsed on read; absent documents stay null. */
import type Database from 'better-sqlite3';
import type { Project, ProjectSummary } from '../../src-shared/api/projects';
import { trainingSettingsSchema } from '../../src-shared/train/settings';
import { dataPrepSchema, type DataPrep } from '../../src-shared/data/spec';
import { newId, nowIso } from './ids';
import { damagedNote, readJson } from './stored-json';

interface Row {
  id: string;
  name: string;
  document: string | null;
  view: string | null;
  data_prep: string | null;
  training: string | null;
  created_at: string;
  updated_at: string;
}

const summary = (r: Pick<Row, 'id' | 'name' | 'created_at' | 'updated_at'>): ProjectSummary => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});


export function projectsRepo(db: Database.Database) {
  const q = {
    list: db.prepare<[], Row>('SELECT id, name, created_at, updated_at FROM projects ORDER BY updated_at DESC, name'),
    get: db.prepare<[string], Row>('SELECT * FROM projects WHERE id = ?'),
    byName: db.prepare<[string], { id: string }>('SELECT id FROM projects WHERE name = ? COLLATE NOCASE'),
    insert: db.prepare(
      'INSERT INTO projects (id, name, document, view, data_prep, training, created_at, updated_at) VALUES (@id, @name, @document, @view, @dataPrep, @training, @now, @now)',
    ),
    rename: db.prepare('UPDATE projects SET name = ?, updated_at = ? WHERE id = ?'),
    del: db.prepare('DELETE FROM projects WHERE id = ?'),
    delDatasets: db.prepare('DELETE FROM datasets WHERE project_id = ?'),
    saveDoc: db.prepare('UPDATE projects SET document = ?, updated_at = ? WHERE id = ?'),
    saveView: db.prepare('UPDATE projects SET view = ? WHERE id = ?'),
    savePrep: db.prepare('UPDATE projects SET data_prep = ?, updated_at = ? WHERE id = ?'),
    saveTraining: db.prepare('UPDATE projects SET training = ?, updated_at = ? WHERE id = ?'),
  };
  return {
    list: (): ProjectSummary[] => q.list.all().map(summary),
    get(id: string): Project | undefined {
      const r = q.get.get(id);
      if (!r) return undefined;
      const document = readJson(r.document, 'the model');
      const view = readJson(r.view, 'the editor view');
      const prepJson = readJson(r.data_prep, 'the data preparation');
      const trainingJson = readJson(r.training, 'the training settings');
      const prep = dataPrepSchema.safeParse(prepJson.value);
      const training = trainingSettingsSchema.safeParse(trainingJson.value ?? {});
      return {
        ...summary(r),
        document: document.value,
        view: view.value,
        dataPrep: r.data_prep !== null && prep.success ? prep.data : null,
        training: training.success ? training.data : trainingSettingsSchema.parse({}),
        ...damagedNote(document.problem, view.problem, prepJson.problem, trainingJson.problem),
      };
    },
    nameTaken: (name: string, exceptId?: string): boolean => {
      const r = q.byName.get(name);
      return r !== undefined && r.id !== exceptId;
    },
    create(name: string, document: unknown, extra: { dataPrep?: DataPrep | undefined; training?: unknown } = {}): Project {
      const id = newId();
      const now = nowIso();
      const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));
      q.insert.run({ id, name, document: json(document), view: null, dataPrep: json(extra.dataPrep), training: json(extra.training), now });
      return this.get(id)!;
    },
    rename(id: string, name: string): boolean {
      return q.rename.run(name, nowIso(), id).changes > 0;
    },
    /** Deletes the project with its runs, metrics, artifacts (by cascade) and its datasets, atomically. */
    delete: (id: string): boolean =>
      db.transaction(() => {
        q.delDatasets.run(id);
        return q.del.run(id).changes > 0;
      })(),
    save(id: string, patch: { document?: unknown; view?: unknown; dataPrep?: DataPrep | null; training?: unknown }): boolean {
      return db.transaction(() => {
        let changed = 0;
        if (patch.dataPrep !== undefined) changed += q.savePrep.run(patch.dataPrep === null ? null : JSON.stringify(patch.dataPrep), nowIso(), id).changes;
        if (patch.training !== undefined) changed += q.saveTraining.run(JSON.stringify(patch.training), nowIso(), id).changes;
        if (patch.document !== undefined) changed += q.saveDoc.run(JSON.stringify(patch.document), nowIso(), id).changes;
        if (patch.view !== undefined) changed += q.saveView.run(JSON.stringify(patch.view), id).changes;
        return changed > 0 || q.get.get(id) !== undefined;
      })();
    },
  };
}
export type ProjectsRepo = ReturnType<typeof projectsRepo>;
