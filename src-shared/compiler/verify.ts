/**
 * Cross-checks the analysis (inferred shapes and param counts) against what tfjs builds for the same
 * document. Used by tests and handy for debugging a new layer kind. tfjs is passed in.
 */
import { analyze } from '../graph/analyze';
import type { GraphDocument } from '../graph/document';
import type { TfModule } from '../layers/types';
import { compileToTfjs } from './to-tfjs';

export interface VerifyResult {
  mismatches: string[];
  totalParams: number;
  nonTrainableParams: number;
  tfjsTotalParams: number;
  outputShapes: (number | null)[][];
}

function size(shape: readonly (number | null)[]): number {
  return shape.reduce<number>((a, d) => a * (d ?? 1), 1);
}

export function verifyAgainstTfjs(tf: TfModule, doc: GraphDocument): VerifyResult {
  const a = analyze(doc);
  const c = compileToTfjs(tf, doc);
  const mismatches: string[] = [];
  let total = 0, nonTrainable = 0;
  try {
    for (const [id, layer] of c.layers) {
      const r = a.nodes.get(id)!;
      const label = `${c.names.get(id)} (${doc.nodes.find((n) => n.id === id)?.kind})`;
      const tShape = JSON.stringify(layer.outputShape);
      if (JSON.stringify(r.outputShape) !== tShape) mismatches.push(`${label}: shape ${JSON.stringify(r.outputShape)} vs tfjs ${tShape}`);
      const tCount = layer.countParams();
      const tNon = layer.nonTrainableWeights.reduce((s, w) => s + size(w.shape), 0);
      if (r.params.trainable + r.params.nonTrainable !== tCount) mismatches.push(`${label}: params ${r.params.trainable + r.params.nonTrainable} vs tfjs ${tCount}`);
      if (r.params.nonTrainable !== tNon) mismatches.push(`${label}: non-trainable ${r.params.nonTrainable} vs tfjs ${tNon}`);
      total += r.params.trainable + r.params.nonTrainable;
      nonTrainable += r.params.nonTrainable;
    }
    const tfjsTotal = c.model.countParams();
    if (tfjsTotal !== total) mismatches.push(`model: params ${total} vs tfjs ${tfjsTotal}`);
    const outputShapes = c.model.outputs.map((o) => o.shape);
    a.outputs.forEach((id, i) => {
      const mine = JSON.stringify(a.nodes.get(id)?.outputShape);
      if (mine !== JSON.stringify(outputShapes[i])) mismatches.push(`model output ${i}: ${mine} vs tfjs ${JSON.stringify(outputShapes[i])}`);
    });
    return { mismatches, totalParams: total, nonTrainableParams: nonTrainable, tfjsTotalParams: tfjsTotal, outputShapes };
  } finally {
    c.model.dispose();
  }
}
