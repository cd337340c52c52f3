/** Fused recurrent layers (GRU, LSTM, SimpleRNN, Bidirectional) for training: see layers.ts and scan.ts. */
export { fusedClasses, fusedFactories, fusedCall, referenceFactories, type FusedClasses } from './layers';
export { resetAfterGruClasses, referenceResetAfter } from './gru-reset-after';
export { fusedScan, type ScanOptions } from './scan';
export { FUSED_ACTIVATIONS, fusedActivation } from './activations';
