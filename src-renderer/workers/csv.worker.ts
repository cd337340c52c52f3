/**
 * Parses a CSV file off the UI thread: streams File.stream() through the data core's parser, reports
 * progress, and posts back the serialized dataset (column buffers transferred, not copied) or the
 * DataError's message with its row and column.
 */
import { parseCsv, serializeDataset, streamChunks, isDataError } from '@shared/data/index';
import { checkCsvRequest, type CsvWorkerReply, type CsvWorkerRequest } from './csv-messages';

export type { CsvWorkerReply, CsvWorkerRequest };

interface WorkerScope {
  onmessage: ((e: MessageEvent<unknown>) => void) | null;
  postMessage(message: CsvWorkerReply, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (e) => {
  const req = checkCsvRequest(e.data);
  if (!req.ok) {
    // Answered under the job id when there is one, so the waiting import fails with this message.
    const id = (e.data as { id?: unknown } | null)?.id;
    scope.postMessage({ id: typeof id === 'number' ? id : 0, type: 'error', message: req.error });
    return;
  }
  const { id, file } = req.value;
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
