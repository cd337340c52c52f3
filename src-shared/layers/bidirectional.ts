import { defineLayer } from './define';
import { choice, recurrentParams, RECURRENT_KINDS } from './params';
import { RECURRENT, recurrentConfig, recurrentCount, recurrentInfer, recurrentSummary } from './recurrent';

const inner = recurrentParams({ activation: 'tanh', gated: true });
const params = [
  choice('layer', 'Recurrent layer', RECURRENT_KINDS, 'GRU', 'The recurrent layer run forwards and backwards over the sequence.'),
  choice('mergeMode', 'Merge mode', ['concat', 'sum', 'mul', 'ave'], 'concat', 'How the forward and backward outputs are combined (concat doubles the width).', { configKey: false }),
  ...inner,
] as const;

const infoOf = (p: { layer: string }) => RECURRENT[p.layer as keyof typeof RECURRENT] ?? RECURRENT.GRU;

export const bidirectional = defineLayer({
  kind: 'Bidirectional',
  label: 'Bidirectional',
  category: 'wrapper',
  factory: 'bidirectional',
  kerasClass: 'Bidirectional',
  help:
    'Runs a recurrent layer (GRU, LSTM or SimpleRNN) over the sequence forwards and a copy backwards, then merges both ' +
    'outputs (concat, sum, mul or average). Twice the parameters of the wrapped layer; with concat the output has 2·units ' +
    'features. Recurrent activation is sigmoid (explicit) and GRU uses reset_after = False, as everywhere in Layerloom.',
  params,
  inputRank: { min: 3, max: 3 },
  infer: (inputs, p) => recurrentInfer(inputs, p, p.mergeMode === 'concat' ? 2 : 1, infoOf(p).gates),
  count: (inputs, p) => {
    const c = recurrentCount(infoOf(p), inputs, p);
    return { trainable: 2 * c.trainable, nonTrainable: 2 * c.nonTrainable };
  },
  config: (p) => {
    const info = infoOf(p);
    const specs = inner.filter((x) => info.kind !== 'SimpleRNN' || x.name !== 'recurrentActivation');
    return {
      layer: { $layer: { factory: info.factory, kerasClass: info.kerasClass, config: recurrentConfig(info, specs, p) } },
      mergeMode: p.mergeMode,
    };
  },
  summary: (p) => `Bidirectional ${recurrentSummary(p.layer, p)} · ${p.mergeMode}`,
});
