import type { Store } from '../store/store';
import type { UploadLimits } from '../../src-shared/data/limits';

/** What every service handler may use. Handlers know nothing of the transport that called them. */
export interface ServiceDeps {
  store: Store;
  host: 'desktop' | 'web';
  version: string;
  dataDir: string;
  /** The app's bundled resources (resources/ in the repo; samples/ holds the sample datasets). */
  resourcesDir: string;
  /** Lower upload limits (tests); the defaults of src-shared/data/limits.ts otherwise. */
  uploadLimits?: Partial<UploadLimits>;
}
