/**
 * Typed access to a run's artifacts (see src-shared/train/artifacts.ts for the format): what export
 * and later runs read. Writing happens in runsRepo.finish, in the run's final transaction.
 */
import type Database from 'better-sqlite3';
import { preprocessingMetaSchema, weightsMetaSchema, type ArtifactKind, type PreprocessingMeta, type WeightsMeta } from '../../src-shared/train/artifacts';

export interface StoredWeights {
  meta: WeightsMeta;
  data: Uint8Array;
}

export function artifactsRepo(db: Database.Database) {
  const one = db.prepare<[string, string], { meta: string | null; data: Buffer | null }>(
    'SELECT meta, data FROM artifacts WHERE run_id = ? AND kind = ? ORDER BY created_at DESC LIMIT 1',
  );
  const raw = (runId: string, kind: ArtifactKind) => one.get(runId, kind);
  return {
    /** Weights of the final (or best) epoch, or undefined when the run has none (failed before the end). */
    weights(runId: string, which: 'final' | 'best' = 'final'): StoredWeights | undefined {
      const r = raw(runId, which === 'final' ? 'weights-final' : 'weights-best');
      if (!r || !r.meta || !r.data) return undefined;
      return { meta: weightsMetaSchema.parse(JSON.parse(r.meta)), data: new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength) };
    },
    /** Normalization, feature/target names, classes, windowing: how raw rows become model inputs. */
    preprocessing(runId: string): PreprocessingMeta | undefined {
      const r = raw(runId, 'preprocessing');
      if (!r || !r.meta) return undefined;
      return preprocessingMetaSchema.parse(JSON.parse(r.meta));
    },
  };
}
