/** Project rows. JSON columns are parsed on read; absent documents stay null. */
import type Database from 'better-sqlite3';
import type { Project, ProjectSummary } from '../../src-shared/api/projects';
import { newId, nowIso } from './ids';

interface Row {
  id: string;
  name: string;
  document: string | null;
  view: string | null;
  created_at: string;
  updated_at: string;
}

const summary = (r: Pick<Row, 'id' | 'name' | 'created_at' | 'updated_at'>): ProjectSummary => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

export function projectsRepo(db: Database.Database) {
  const q = {
    list: db.prepare<[], Row>('SELECT id, name, created_at, updated_at FROM projects ORDER BY updated_at DESC, name'),
    get: db.prepare<[string], Row>('SELECT * FROM projects WHERE id = ?'),
    byName: db.prepare<[string], { id: string }>('SELECT id FROM projects WHERE name = ? COLLATE NOCASE'),
    insert: db.prepare(
      'INSERT INTO projects (id, name, document, view, created_at, updated_at) VALUES (@id, @name, @document, @view, @now, @now)',
    ),
    rename: db.prepare('UPDATE projects SET name = ?, updated_at = ? WHERE id = ?'),
    del: db.prepare('DELETE FROM projects WHERE id = ?'),
    saveDoc: db.prepare('UPDATE projects SET document = ?, updated_at = ? WHERE id = ?'),
    saveView: db.prepare('UPDATE projects SET view = ? WHERE id = ?'),
  };
  return {
    list: (): ProjectSummary[] => q.list.all().map(summary),
    get(id: string): Project | undefined {
      const r = q.get.get(id);
      return r && { ...summary(r), document: parse(r.document), view: parse(r.view) };
    },
    nameTaken: (name: string, exceptId?: string): boolean => {
      const r = q.byName.get(name);
      return r !== undefined && r.id !== exceptId;
    },
    create(name: string, document: unknown): Project {
      const id = newId();
      const now = nowIso();
      q.insert.run({ id, name, document: document === undefined ? null : JSON.stringify(document), view: null, now });
      return this.get(id)!;
    },
    rename(id: string, name: string): boolean {
      return q.rename.run(name, nowIso(), id).changes > 0;
    },
    delete: (id: string): boolean => q.del.run(id).changes > 0,
    save(id: string, patch: { document?: unknown; view?: unknown }): boolean {
      return db.transaction(() => {
        let changed = 0;
        if (patch.document !== undefined) changed += q.saveDoc.run(JSON.stringify(patch.document), nowIso(), id).changes;
        if (patch.view !== undefined) changed += q.saveView.run(JSON.stringify(patch.view), id).changes;
        return changed > 0 || q.get.get(id) !== undefined;
      })();
    },
  };
}
export type ProjectsRepo = ReturnType<typeof projectsRepo>;
