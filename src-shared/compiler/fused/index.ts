/** Fused recurrent layers (GRU, LSTM, SimpleRNN, Bidirectional) for training: see layers.ts and scan.ts. */
export { fusedClasses, fusedFactories, fusedCall, type FusedClasses } from './layers';
export { fusedScan, type ScanOptions } from './scan';
export { FUSED_ACTIVATIONS, fusedActivation } from './activations';
