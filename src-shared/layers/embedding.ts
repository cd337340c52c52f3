import { defineLayer } from './define';
import { bool, initializer, int } from './params';
import { needRank, ok } from './shape';

export const embedding = defineLayer({
  kind: 'Embedding',
  label: 'Embedding',
  category: 'core',
  factory: 'embedding',
  kerasClass: 'Embedding',
  help: 'Turns integer token ids (0 … inputDim − 1) into learned vectors of outputDim numbers: [batch, time] → [batch, time, outputDim]. inputDim·outputDim parameters. Feed it from a vector Input [timesteps] holding token ids. With "Mask padding" on, id 0 marks padding that later recurrent layers skip.',
  params: [
    int('inputDim', 'Vocabulary size', 1000, 'Number of distinct token ids (largest id + 1).', { min: 1, max: 10_000_000 }),
    int('outputDim', 'Vector size', 32, 'Length of each embedding vector.', { min: 1, max: 4096 }),
    initializer('embeddingsInitializer', 'Initializer', 'randomUniform', 'Initializer of the embedding table.'),
    bool(
      'maskZero',
      'Mask padding (id 0)',
      false,
      'Id 0 is padding: the recurrent layers after this one (GRU, LSTM, SimpleRNN, Bidirectional) skip those time steps, so padded steps leave the state unchanged (Keras mask_zero). Other layers (Dense, Conv1D, Flatten, pooling) ignore the mask. Not with a GRU set to "Reset after".',
    ),
  ],
  inputRank: { min: 2, max: 2 },
  infer: (inputs, p) =>
    needRank(inputs[0], 2, 2, 'Embedding takes token ids [batch, timesteps]: use a vector Input [timesteps].') ?? ok([...inputs[0]!, p.outputDim]),
  count: (_inputs, p) => ({ trainable: p.inputDim * p.outputDim, nonTrainable: 0 }),
  summary: (p) => `Embedding · ${p.inputDim} → ${p.outputDim}`,
});
