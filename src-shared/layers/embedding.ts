import { defineLayer } from './define';
import { initializer, int } from './params';
import { needRank, ok } from './shape';

export const embedding = defineLayer({
  kind: 'Embedding',
  label: 'Embedding',
  category: 'core',
  factory: 'embedding',
  kerasClass: 'Embedding',
  help: 'Turns integer token ids (0 … inputDim − 1) into learned vectors of outputDim numbers: [batch, time] → [batch, time, outputDim]. inputDim·outputDim parameters. Feed it from a vector Input [timesteps] holding token ids.',
  params: [
    int('inputDim', 'Vocabulary size', 1000, 'Number of distinct token ids (largest id + 1).', { min: 1, max: 10_000_000 }),
    int('outputDim', 'Vector size', 32, 'Length of each embedding vector.', { min: 1, max: 4096 }),
    initializer('embeddingsInitializer', 'Initializer', 'randomUniform', 'Initializer of the embedding table.'),
  ],
  inputRank: { min: 2, max: 2 },
  infer: (inputs, p) =>
    needRank(inputs[0], 2, 2, 'Embedding takes token ids [batch, timesteps]: use a vector Input [timesteps].') ?? ok([...inputs[0]!, p.outputDim]),
  count: (_inputs, p) => ({ trainable: p.inputDim * p.outputDim, nonTrainable: 0 }),
  summary: (p) => `Embedding · ${p.inputDim} → ${p.outputDim}`,
});
