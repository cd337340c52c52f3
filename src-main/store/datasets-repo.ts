/**
 * Dataset rows: `datasets` holds the source file's name/size/hash, the row count and the dataset-level
 * meta (format, preview, warnings) as JSON in `profile`; `dataset_columns` holds one row per column with
 * its meta + profile as JSON and its values as a typed blob (see src-shared/data/column.ts).
 */
import type Database from 'better-sqlite3';
import type { DatasetInfo, DatasetSummary } from '../../src-shared/api/datasets';
import type { DatasetMeta } from '../../src-shared/data/dataset';
import { newId, nowIso } from './ids';

interface Row {
  id: string;
  project_id: string | null;
  name: string;
  source_name: string | null;
  source_size: number | null;
  source_hash: string | null;
  row_count: number;
  profile: string | null;
  created_at: string;
  column_count: number;
}

interface ColumnRow {
  position: number;
  name: string;
  meta: string;
  data: Buffer;
}

/** What `datasets.profile` holds: DatasetMeta without its columns. */
type DatasetLevel = Omit<DatasetMeta, 'columns' | 'rowCount' | 'name' | 'source'>;
type ColumnEntry = DatasetMeta['columns'][number];

const summary = (r: Row): DatasetSummary => ({
  id: r.id,
  name: r.name,
  projectId: r.project_id,
  sourceName: r.source_name ?? r.name,
  sourceSize: r.source_size ?? 0,
  sourceHash: r.source_hash ?? '',
  rowCount: r.row_count,
  columnCount: r.column_count,
  createdAt: r.created_at,
});

const toBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

const SELECT = `SELECT d.*, (SELECT count(*) FROM dataset_columns c WHERE c.dataset_id = d.id) AS column_count FROM datasets d`;

export function datasetsRepo(db: Database.Database) {
  const q = {
    list: db.prepare<[], Row>(`${SELECT} ORDER BY d.created_at DESC, d.name`),
    listFor: db.prepare<[string], Row>(`${SELECT} WHERE d.project_id = ? ORDER BY d.created_at DESC, d.name`),
    get: db.prepare<[string], Row>(`${SELECT} WHERE d.id = ?`),
    columns: db.prepare<[string], ColumnRow>('SELECT position, name, meta, data FROM dataset_columns WHERE dataset_id = ? ORDER BY position'),
    columnData: db.prepare<[string, number], { data: Buffer }>('SELECT data FROM dataset_columns WHERE dataset_id = ? AND position = ?'),
    columnMetas: db.prepare<[string], Omit<ColumnRow, 'data'>>('SELECT position, name, meta FROM dataset_columns WHERE dataset_id = ? ORDER BY position'),
    projectExists: db.prepare<[string], { id: string }>('SELECT id FROM projects WHERE id = ?'),
    insert: db.prepare(
      `INSERT INTO datasets (id, project_id, name, source_name, source_size, source_hash, row_count, profile, created_at)
       VALUES (@id, @projectId, @name, @sourceName, @sourceSize, @sourceHash, @rowCount, @profile, @now)`,
    ),
    insertColumn: db.prepare('INSERT INTO dataset_columns (dataset_id, position, name, meta, data) VALUES (?, ?, ?, ?, ?)'),
    updateColumn: db.prepare('UPDATE dataset_columns SET meta = ?, data = ? WHERE dataset_id = ? AND position = ?'),
    del: db.prepare('DELETE FROM datasets WHERE id = ?'),
  };

  const level = (r: Row): DatasetLevel => {
    const p = (r.profile ? JSON.parse(r.profile) : {}) as Partial<DatasetLevel>;
    return {
      format: p.format ?? { delimiter: ',', header: true, decimalComma: false, bom: false },
      preview: p.preview ?? [],
      warnings: p.warnings ?? [],
    };
  };
  const metaOf = (r: Row, cols: { meta: string }[]): DatasetMeta => ({
    name: r.name,
    rowCount: r.row_count,
    source: { name: r.source_name ?? r.name, size: r.source_size ?? 0, hash: r.source_hash ?? '' },
    ...level(r),
    columns: cols.map((c) => JSON.parse(c.meta) as ColumnEntry),
  });

  return {
    list: (projectId?: string): DatasetSummary[] => (projectId ? q.listFor.all(projectId) : q.list.all()).map(summary),
    projectExists: (id: string): boolean => q.projectExists.get(id) !== undefined,
    exists: (id: string): boolean => q.get.get(id) !== undefined,
    get(id: string): DatasetInfo | undefined {
      const r = q.get.get(id);
      if (!r) return undefined;
      const meta = metaOf(r, q.columnMetas.all(id));
      return {
        ...summary(r),
        profile: {
          name: meta.name,
          rowCount: meta.rowCount,
          format: meta.format,
          source: meta.source,
          columns: meta.columns.map((c) => c.profile),
          preview: { header: meta.columns.map((c) => c.name), rows: meta.preview },
          warnings: meta.warnings,
        },
      };
    },
    /** The stored form; null when there is no such dataset. */
    load(id: string): { meta: DatasetMeta; blobs: Uint8Array[] } | null {
      const r = q.get.get(id);
      if (!r) return null;
      const cols = q.columns.all(id);
      return { meta: metaOf(r, cols), blobs: cols.map((c) => new Uint8Array(c.data.buffer, c.data.byteOffset, c.data.byteLength)) };
    },
    /** The stored meta without the column data; null when there is no such dataset. */
    meta(id: string): DatasetMeta | null {
      const r = q.get.get(id);
      return r ? metaOf(r, q.columnMetas.all(id)) : null;
    },
    /** One column's blob; null when there is no such column. */
    columnData(id: string, position: number): Uint8Array | null {
      const r = q.columnData.get(id, position);
      return r ? new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength) : null;
    },
    /** Inserts the dataset and all its columns in one transaction: all or nothing. */
    create(name: string, projectId: string | null, meta: DatasetMeta, blobs: Uint8Array[]): string {
      const id = newId();
      const profile: DatasetLevel = { format: meta.format, preview: meta.preview, warnings: meta.warnings };
      db.transaction(() => {
        q.insert.run({
          id,
          projectId,
          name,
          sourceName: meta.source.name,
          sourceSize: meta.source.size,
          sourceHash: meta.source.hash,
          rowCount: meta.rowCount,
          profile: JSON.stringify(profile),
          now: nowIso(),
        });
        meta.columns.forEach((c, i) => q.insertColumn.run(id, i, c.name, JSON.stringify(c), toBuffer(blobs[i]!)));
      })();
      return id;
    },
    /** Replaces one column's meta and data (a type override). */
    updateColumn(id: string, position: number, meta: ColumnEntry, blob: Uint8Array): boolean {
      return q.updateColumn.run(JSON.stringify(meta), toBuffer(blob), id, position).changes > 0;
    },
    delete: (id: string): boolean => q.del.run(id).changes > 0,
  };
}
export type DatasetsRepo = ReturnType<typeof datasetsRepo>;
