/**
 * Parses a CSV file off the UI thread: streams File.stream() through the data core's parser, reports
 * progress, and posts back the serialized dataset (column buffers transferred, not copied) or the
 * DataError's message with its row and column.
 */
import { parseCsv, serializeDataset, streamChunks, isDataError, type DatasetMeta } from '@shared/data/index';

export type CsvWorkerRequest = { id: number; file: File };
export type CsvWorkerReply =
  | { id: number; type: 'progress'; read: number; size: number }
  | { id: number; type: 'done'; meta: DatasetMeta; blobs: Uint8Array[] }
  | { id: number; type: 'error'; message: string; row?: number; column?: string };

interface WorkerScope {
  onmessage: ((e: MessageEvent<CsvWorkerRequest>) => void) | null;
  postMessage(message: CsvWorkerReply, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (e) => {
  const { id, file } = e.data;
  void (async () => {
    let last = 0;
    try {
      const ds = await parseCsv(streamChunks(file.stream()), {
        name: file.name,
        size: file.size,
        onProgress: (read) => {
          const now = Date.now();
          if (now - last < 100) return;
          last = now;
          scope.postMessage({ id, type: 'progress', read, size: file.size });
        },
      });
      const { meta, blobs } = serializeDataset(ds);
      scope.postMessage({ id, type: 'done', meta, blobs }, blobs.map((b) => b.buffer as ArrayBuffer));
    } catch (err) {
      if (isDataError(err)) {
        const reply: CsvWorkerReply = { id, type: 'error', message: err.message };
        if (err.row !== undefined) reply.row = err.row;
        if (err.column !== undefined) reply.column = err.column;
        scope.postMessage(reply);
      } else scope.postMessage({ id, type: 'error', message: `Could not read ${file.name}: ${err instanceof Error ? err.message : String(err)}` });
    }
  })();
};
