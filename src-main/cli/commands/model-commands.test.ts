import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../index';
import type { CliIO } from '../command';

function io(cwd: string) {
  const out: string[] = [], err: string[] = [];
  const x: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd };
  return { io: x, out, err, text: () => out.join('\n'), errText: () => err.join('\n') };
}
const dir = () => mkdtempSync(join(tmpdir(), 'layerloom-cli-'));

describe('layerloom templates / new / inspect', () => {
  it('templates lists ids and descriptions, --json too', async () => {
    const c = io(dir());
    expect(await main(['templates'], c.io)).toBe(0);
    expect(c.text()).toMatch(/^stacked-gru-per-step\s+GRU\(128\)/m);
    const j = io(dir());
    expect(await main(['templates', '--json'], j.io)).toBe(0);
    const list = JSON.parse(j.text()) as { id: string }[];
    expect(list.map((t) => t.id)).toContain('gru-forecaster');
  });

  it('new writes a project that inspect summarizes (exit 0, warning only)', async () => {
    const d = dir();
    const n = io(d);
    expect(await main(['new', '--template', 'stacked-gru-per-step', '--out', 'm.loom.json'], n.io)).toBe(0);
    expect(JSON.parse(readFileSync(join(d, 'm.loom.json'), 'utf8')).format).toBe('layerloom-project');
    const again = io(d);
    expect(await main(['new', '--template', 'sum-regressor', '--out', 'm.loom.json'], again.io)).toBe(2);
    expect(again.errText()).toMatch(/already exists.*--force/);
    const i = io(d);
    expect(await main(['inspect', 'm.loom.json'], i.io)).toBe(0);
    expect(i.text()).toContain('Total params: 152,197');
    expect(i.text()).toContain('Non-trainable params: 512');
    expect(i.text()).toMatch(/gru_2 \(GRU\)\s+\[null, 30, 128\]\s+98,688/);
    expect(i.text()).toMatch(/warning\s+Dense "classes" receives a sequence/);
    const j = io(d);
    expect(await main(['inspect', 'm.loom.json', '--json'], j.io)).toBe(0);
    const r = JSON.parse(j.text());
    expect(r).toMatchObject({ totalParams: 152197, nonTrainableParams: 512, errors: 0, warnings: 1 });
  });

  it('new refuses a --name that import would refuse, and trims a good one (issue 12)', async () => {
    const d = dir();
    for (const bad of ['\u001b[2J\u0007', 'x'.repeat(5000), '  ']) {
      const c = io(d);
      expect(await main(['new', '--template', 'sum-regressor', '--out', 'bad.loom.json', '--name', bad], c.io)).toBe(2);
      expect(c.errText()).toMatch(/--name must (not contain control characters|be at most 200 characters|not be empty)/);
      expect(c.errText()).not.toContain('\u001b[');
    }
    expect(await main(['new', '--template', 'sum-regressor', '--out', 'ok.loom.json', '--name', ' Mine '], io(d).io)).toBe(0);
    expect(JSON.parse(readFileSync(join(d, 'ok.loom.json'), 'utf8')).name).toBe('Mine');
  });

  it('inspect exits 1 when the graph has errors', async () => {
    const d = dir();
    await main(['new', '--template', 'sum-regressor', '--out', 'p.loom.json'], io(d).io);
    const p = JSON.parse(readFileSync(join(d, 'p.loom.json'), 'utf8'));
    p.graph.nodes[0].params.shape = [10]; // GRU after a vector
    writeFileSync(join(d, 'p.loom.json'), JSON.stringify(p));
    const i = io(d);
    expect(await main(['inspect', 'p.loom.json'], i.io)).toBe(1);
    expect(i.text()).toMatch(/error\s+GRU "gru" expects a sequence/);
  });

  it('inspect gives clear messages for corrupt, future and missing files (exit 2)', async () => {
    const d = dir();
    writeFileSync(join(d, 'bad.loom.json'), '{ nope');
    writeFileSync(join(d, 'future.loom.json'), JSON.stringify({ format: 'layerloom-project', version: 9, name: 'x', graph: {} }));
    writeFileSync(
      join(d, 'badgraph.loom.json'),
      JSON.stringify({ format: 'layerloom-project', version: 1, name: 'x', graph: { version: 2, nodes: [{ id: 'a' }], edges: [] }, training: { epochs: -1 } }),
    );
    const cases: [string, RegExp][] = [
      ['bad.loom.json', /bad\.loom\.json is not valid JSON/],
      ['future.loom.json', /version 9, newer .* Update Layerloom/],
      ['badgraph.loom.json', /invalid graph:\n\s+graph\.nodes\[0\]\.kind/],
      ['missing.loom.json', /cannot read missing\.loom\.json: no such file/],
    ];
    for (const [f, re] of cases) {
      const c = io(d);
      expect(await main(['inspect', f], c.io)).toBe(2);
      expect(c.errText()).toMatch(re);
    }
    const u = io(d);
    expect(await main(['new', '--template', 'nope', '--out', 'x.loom.json'], u.io)).toBe(2);
    expect(u.errText()).toMatch(/unknown template "nope"/);
    const v = io(d);
    expect(await main(['new', '--out', 'x.loom.json'], v.io)).toBe(2);
    expect(v.errText()).toMatch(/--template is required/);
  });
});
