/** The template list. A new template is one file plus one line here. */
import { binaryClassifier } from './binary-classifier';
import { denseRegressor } from './dense-regressor';
import { gruForecaster, gruSkipForecasterTemplate, lstmForecaster, simpleRnnForecaster } from './forecasters';
import { stackedGruPerSequence, stackedGruPerStep } from './stacked-gru';
import { sumRegressor } from './sum-regressor';
import { textBiGru, textClassifier } from './text-classifiers';
import type { Template } from './types';

export type { Template } from './types';

export const TEMPLATES: readonly Template[] = [
  sumRegressor,
  binaryClassifier,
  stackedGruPerStep,
  stackedGruPerSequence,
  gruForecaster,
  gruSkipForecasterTemplate,
  lstmForecaster,
  simpleRnnForecaster,
  denseRegressor,
  textClassifier,
  textBiGru,
];

export function getTemplate(id: string): Template | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
