/**
 * How each activation the app offers is written in the exported Keras code, so that the Keras layer
 * computes the same function as the tfjs layer that was trained. Most names only change spelling
 * (camelCase → snake_case). One does not mean the same in both libraries:
 *
 * - tfjs `hardSigmoid` is clip(0.2·x + 0.5, 0, 1); Keras 3 `hard_sigmoid` is relu6(x + 3) / 6 =
 *   clip(x/6 + 0.5, 0, 1). The export therefore defines `tfjs_hard_sigmoid` with tfjs's definition and
 *   passes that function (registered for serialization, so a saved `.keras` model loads it back).
 *
 * `activations.test.ts` evaluates every entry with a numpy transcription of Keras 3's definitions
 * and compares it with tfjs.
 */
import type { ACTIVATIONS } from '../layers/params';
import { snake } from './config-emit';
import { pyString } from './sanitize';

export type ActivationName = (typeof ACTIVATIONS)[number];

/** Python definitions of activations whose Keras namesake differs from tfjs. */
export const KERAS_CUSTOM_ACTIVATIONS: Partial<Record<ActivationName, { ident: string; source: string }>> = {
  hardSigmoid: {
    ident: 'tfjs_hard_sigmoid',
    source: [
      '@keras.saving.register_keras_serializable(package="layerloom")',
      'def tfjs_hard_sigmoid(x):',
      '    """TensorFlow.js hardSigmoid: clip(0.2 * x + 0.5, 0, 1) (Keras 3\'s hard_sigmoid uses x / 6)."""',
      '    return keras.ops.clip(0.2 * x + 0.5, 0.0, 1.0)',
    ].join('\n'),
  },
};

/** The Python expression for an activation argument: a quoted Keras name or a custom function. */
export function kerasActivation(name: string): string {
  const custom = KERAS_CUSTOM_ACTIVATIONS[name as ActivationName];
  return custom ? custom.ident : pyString(snake(name));
}

/** The definitions an emitted module needs, for the custom activations its statements use. */
export function kerasActivationPrelude(statements: string): string[] {
  const out: string[] = [];
  for (const def of Object.values(KERAS_CUSTOM_ACTIVATIONS)) {
    if (def && new RegExp(`\\b${def.ident}\\b`).test(statements)) out.push(def.source, '', '');
  }
  return out;
}
