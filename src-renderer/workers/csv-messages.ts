/** The CSV worker's messages, both directions, with the schemas each side checks them against on receipt. */
import { z } from 'zod';
import { datasetMetaSchema } from '@shared/api/datasets';
import type { DatasetMeta } from '@shared/data/index';
import { checkMessage, count, typedArray, type Checked } from './messages';

export type CsvWorkerRequest = { id: number; file: File };
export type CsvWorkerReply =
  | { id: number; type: 'progress'; read: number; size: number }
  | { id: number; type: 'done'; meta: DatasetMeta; blobs: Uint8Array[] }
  | { id: number; type: 'error'; message: string; row?: number; column?: string };

const jobId = z.number().int().min(1);

export const csvWorkerRequestSchema: z.ZodType<CsvWorkerRequest> = z.object({
  id: jobId,
  file: z.custom<File>((v) => typeof File !== 'undefined' && v instanceof File, 'must be a File'),
});

export const csvWorkerReplySchema: z.ZodType<CsvWorkerReply> = z.discriminatedUnion('type', [
  z.object({ id: jobId, type: z.literal('progress'), read: count, size: count }),
  z.object({ id: jobId, type: z.literal('done'), meta: datasetMetaSchema, blobs: z.array(typedArray(Uint8Array, 'Uint8Array')) }),
  z.object({ id: jobId, type: z.literal('error'), message: z.string(), row: z.number().int().optional(), column: z.string().optional() }),
]);

export const checkCsvRequest = (data: unknown): Checked<CsvWorkerRequest> => checkMessage(csvWorkerRequestSchema, data, 'Malformed request to the CSV reader');
export const checkCsvReply = (data: unknown): Checked<CsvWorkerReply> => checkMessage(csvWorkerReplySchema, data, 'Malformed message from the CSV reader');
