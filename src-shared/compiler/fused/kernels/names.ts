/**
 * The fused recurrent step kernels: names and attributes, the one place that defines them (contract shared by
 * every backend's implementation: cpu.ts, wasm.ts, webgl.ts; see docs/fused-recurrent.md for the table of
 * inputs and outputs). All tensors float32, row-major [B, ·]; u = units.
 */

/** Activations with a kernel on every backend; any other activation takes the composite path (composite.ts). */
export const KERNEL_ACTIVATIONS = ['tanh', 'sigmoid', 'hardSigmoid', 'relu', 'linear'] as const;
export type KernelActivation = (typeof KERNEL_ACTIVATIONS)[number];

export function isKernelActivation(name: string): name is KernelActivation {
  return (KERNEL_ACTIVATIONS as readonly string[]).includes(name);
}

/** Activation codes as the backends read them (attrs carry the name; code = index here). */
export function activationCode(name: KernelActivation): number {
  return KERNEL_ACTIVATIONS.indexOf(name);
}

export const GRU_ZR = 'LayerloomGruZR';
export const GRU_H = 'LayerloomGruH';
export const GRU_BACK_H = 'LayerloomGruBackH';
export const GRU_BACK_ZR = 'LayerloomGruBackZR';
export const GRU_RA_CELL = 'LayerloomGruRaCell';
export const GRU_RA_BACK = 'LayerloomGruRaBack';
export const LSTM_CELL = 'LayerloomLstmCell';
export const LSTM_BACK = 'LayerloomLstmBack';
export const RNN_CELL = 'LayerloomRnnCell';
export const RNN_BACK = 'LayerloomRnnBack';
export const GRAD_SUM = 'LayerloomGradSum';

export const KERNEL_NAMES = [GRU_ZR, GRU_H, GRU_BACK_H, GRU_BACK_ZR, GRU_RA_CELL, GRU_RA_BACK, LSTM_CELL, LSTM_BACK, RNN_CELL, RNN_BACK, GRAD_SUM] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];

/** attrs of the kernels that apply the recurrent activation only (GruZR, GruBackZR). */
export interface RecAttrs {
  rec: KernelActivation;
}
/** attrs of the kernels that apply the activation only (GruH, RnnCell, RnnBack). */
export interface ActAttrs {
  act: KernelActivation;
}
/** attrs of the kernels that apply both (GruBackH, GruRaCell, GruRaBack, LstmCell, LstmBack). */
export interface ActRecAttrs {
  act: KernelActivation;
  rec: KernelActivation;
}
/** attrs of GradSum: which optional inputs follow base and x (in this order: y, mask, dy). */
export interface GradSumAttrs {
  hasY: boolean;
  hasMask: boolean;
  hasDy: boolean;
}

/** The attrs type of each kernel. */
export interface KernelAttrs {
  [GRU_ZR]: RecAttrs;
  [GRU_H]: ActAttrs;
  [GRU_BACK_H]: ActRecAttrs;
  [GRU_BACK_ZR]: RecAttrs;
  [GRU_RA_CELL]: ActRecAttrs;
  [GRU_RA_BACK]: ActRecAttrs;
  [LSTM_CELL]: ActRecAttrs;
  [LSTM_BACK]: ActRecAttrs;
  [RNN_CELL]: ActAttrs;
  [RNN_BACK]: ActAttrs;
  [GRAD_SUM]: GradSumAttrs;
}
