/**
 * Every kind's param defaults as they were while graph documents had version 2 (frozen copy, not read from
 * the registry). A version-2 node that omits a param meant this value; the 2 → 3 migration writes it in, so
 * changing a default later never changes a saved model. Never edit: a changed default goes in the registry only.
 */
type Value = number | boolean | string | number[];

export const V2_DEFAULTS: Readonly<Record<string, Readonly<Record<string, Value>>>> = {
  Input: { shape: [30, 6], source: 'manual' },
  GRU: { units: 64, activation: 'tanh', recurrentActivation: 'sigmoid', returnSequences: false, goBackwards: false, dropout: 0, recurrentDropout: 0, useBias: true, kernelInitializer: 'glorotUniform', recurrentInitializer: 'glorotUniform', biasInitializer: 'zeros', kernelL1: 0, kernelL2: 0 },
  LSTM: { units: 64, activation: 'tanh', recurrentActivation: 'sigmoid', returnSequences: false, goBackwards: false, dropout: 0, recurrentDropout: 0, useBias: true, kernelInitializer: 'glorotUniform', recurrentInitializer: 'glorotUniform', biasInitializer: 'zeros', kernelL1: 0, kernelL2: 0 },
  SimpleRNN: { units: 64, activation: 'tanh', returnSequences: false, goBackwards: false, dropout: 0, recurrentDropout: 0, useBias: true, kernelInitializer: 'glorotUniform', recurrentInitializer: 'glorotUniform', biasInitializer: 'zeros', kernelL1: 0, kernelL2: 0 },
  Bidirectional: { layer: 'GRU', mergeMode: 'concat', units: 64, activation: 'tanh', recurrentActivation: 'sigmoid', returnSequences: false, goBackwards: false, dropout: 0, recurrentDropout: 0, useBias: true, kernelInitializer: 'glorotUniform', recurrentInitializer: 'glorotUniform', biasInitializer: 'zeros', kernelL1: 0, kernelL2: 0 },
  Dense: { units: 32, activation: 'linear', useBias: true, kernelInitializer: 'glorotUniform', biasInitializer: 'zeros', kernelL1: 0, kernelL2: 0 },
  Dropout: { rate: 0.5 },
  BatchNorm: { axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true },
  LayerNorm: { axis: -1, epsilon: 0.001, center: true, scale: true },
  Activation: { activation: 'relu' },
  Flatten: {},
  GlobalAveragePooling1D: {},
  GlobalMaxPooling1D: {},
  Conv1D: { filters: 32, kernelSize: 3, strides: 1, padding: 'valid', activation: 'linear', useBias: true, kernelInitializer: 'glorotUniform', biasInitializer: 'zeros', kernelL1: 0, kernelL2: 0 },
  Embedding: { inputDim: 1000, outputDim: 32, embeddingsInitializer: 'randomUniform' },
  Concatenate: { axis: -1 },
  Add: {},
  Reshape: { targetShape: [-1, 1] },
  RepeatVector: { n: 10 },
  TimeDistributedDense: { units: 1, activation: 'linear', useBias: true, kernelInitializer: 'glorotUniform', biasInitializer: 'zeros', kernelL1: 0, kernelL2: 0 },
};
