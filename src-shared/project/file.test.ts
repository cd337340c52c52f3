import { describe, expect, it } from 'vitest';
import { defaultDataPrep } from '../data/spec';
import { DOCUMENT_VERSION } from '../graph/document';
import { getTemplate, TEMPLATES } from '../templates/index';
import { trainingSettings, trainingSettingsSchema } from '../train/settings';
import { parseProjectText, projectFromTemplate, ProjectFileError, serializeProject } from './file';

describe('.loom.json project file', () => {
  it('round-trips every template project, with and without a data section', () => {
    for (const t of TEMPLATES) {
      const p = projectFromTemplate(t);
      expect(parseProjectText(serializeProject(p))).toEqual(p);
    }
    const withData = { ...projectFromTemplate(getTemplate('gru-forecaster')!), data: defaultDataPrep({ lookback: 24, horizon: 6 }) };
    expect(parseProjectText(serializeProject(withData))).toEqual(withData);
  });

  it('fills training defaults and migrates an old graph inside', () => {
    const text = JSON.stringify({
      format: 'layerloom-project',
      version: 1,
      name: 'old',
      graph: { version: 1, layers: [{ id: 'a', type: 'Input', config: { shape: [3] } }], connections: [] },
    });
    const p = parseProjectText(text);
    expect(p.graph.version).toBe(DOCUMENT_VERSION);
    expect(p.training).toEqual(trainingSettings());
  });

  it('names what and where for corrupt and future files', () => {
    const msg = (text: string) => {
      try {
        parseProjectText(text, 'x.loom.json');
      } catch (e) {
        expect(e).toBeInstanceOf(ProjectFileError);
        return (e as Error).message;
      }
      return 'parsed';
    };
    expect(msg('{')).toMatch(/x\.loom\.json is not valid JSON/);
    expect(msg('[]')).toMatch(/not a Layerloom project/);
    expect(msg('{"format":"other"}')).toMatch(/"format" is "other"/);
    expect(msg('{"format":"layerloom-project","version":2,"name":"a","graph":{}}')).toMatch(/version 2, newer/);
    const future = DOCUMENT_VERSION + 1;
    expect(msg(`{"format":"layerloom-project","version":1,"name":"a","graph":{"version":${future}}}`)).toMatch(new RegExp(`graph: .*version ${future}, newer`));
    expect(msg('{"format":"layerloom-project","version":1,"name":"a","graph":{"version":2,"nodes":[],"edges":[]},"training":{"batchSize":0}}')).toMatch(
      /invalid training settings:\n\s+training\.batchSize/,
    );
    expect(msg('{"format":"layerloom-project","version":1,"name":"a","graph":{"version":2,"nodes":[],"edges":[]},"data":{"lookback":-1}}')).toMatch(
      /invalid data section:\n\s+data\.lookback/,
    );
    expect(msg('{"format":"layerloom-project","version":1,"name":"a","graph":{"version":2,"nodes":[],"edges":[]},"extra":1}')).toMatch(/extra/);
  });
});

describe('training settings', () => {
  it('has sensible defaults for everything', () => {
    const s = trainingSettingsSchema.parse({});
    expect(s).toMatchObject({ optimizer: 'adam', learningRate: 0.001, batchSize: 32, epochs: 10, loss: 'mse', validationSplit: 0.2, backend: 'auto' });
    expect(s.earlyStopping).toEqual({ enabled: false, monitor: 'val_loss', patience: 5, minDelta: 0, restoreBestWeights: true });
    expect(s.reduceLrOnPlateau.enabled).toBe(false);
    expect(trainingSettingsSchema.safeParse({ optimizer: 'lbfgs' }).success).toBe(false);
  });

  it('refuses hostile files with short, clear messages (issue 12)', () => {
    const err = (text: string): string => {
      try {
        parseProjectText(text, 'x.loom.json');
      } catch (e) {
        expect(e).toBeInstanceOf(ProjectFileError);
        return (e as Error).message;
      }
      throw new Error('expected a refusal');
    };
    // 5,000 levels deep: refused before anything recursive runs (was "Maximum call stack size exceeded")
    expect(err('['.repeat(5000) + ']'.repeat(5000))).toBe(
      'x.loom.json is nested more than 64 levels deep; a Layerloom project file never is. It is damaged or not a project file.',
    );
    const deepInGraph = JSON.stringify({ format: 'layerloom-project', version: 1, name: 'n', graph: { nodes: [] } }).replace('[]', '['.repeat(5000) + ']'.repeat(5000));
    expect(err(deepInGraph)).toMatch(/nested more than 64 levels deep/);
    // brackets inside strings do not count
    const brackets = serializeProject({ ...projectFromTemplate(TEMPLATES[0]!), name: '[[[[{{{{'.repeat(20) });
    expect(parseProjectText(brackets).name).toBe('[[[[{{{{'.repeat(20));
    // a 1 MB value is not echoed back whole
    const big = 'v'.repeat(1_000_000);
    for (const text of [JSON.stringify({ format: big }), JSON.stringify({ format: 'layerloom-project', version: big, name: 'n', graph: {} })]) {
      const m = err(text);
      expect(m.length).toBeLessThan(400);
    }
    expect(err(JSON.stringify({ format: big }))).toMatch(/"format" is "v{78}…, expected "layerloom-project"/);
    const bigKey = JSON.stringify({ format: 'layerloom-project', version: 1, name: 'n', graph: { version: 2, nodes: [], edges: [] }, training: { [big]: 1 } });
    expect(err(bigKey).length).toBeLessThan(600);
  });
});
