import type { GraphDocument } from '../graph/document';
import type { TrainingSettings } from '../train/settings';

export interface Template {
  id: string;
  name: string;
  /** One line for `layerloom templates` and the new-project dialog. */
  description: string;
  /** What kind of data it expects, in words. */
  data: string;
  /** Builds a fresh document each call (callers may mutate it). */
  graph(): GraphDocument;
  training: TrainingSettings;
}
