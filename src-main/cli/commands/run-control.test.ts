import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../command';
import type { TfProvider } from '../../../src-shared/train/pipeline';
import { backendOption, intOption, nodeTfProvider, stopOnSigint } from './run-control';

describe('run control shared by layerloom train and sweep', () => {
  afterEach(() => vi.restoreAllMocks());

  it('takes --backend wasm|cpu (auto when absent) and refuses anything else by name', () => {
    expect(backendOption(new Map())).toBe('auto');
    expect(backendOption(new Map([['backend', 'cpu']]))).toBe('cpu');
    expect(() => backendOption(new Map([['backend', 'webgl']]))).toThrow(UsageError);
    expect(() => backendOption(new Map([['backend', 'webgl']]))).toThrow('--backend must be wasm or cpu, not "webgl"');
  });

  it('reads whole-number options (--epochs, --trials …) and refuses others naming the flag', () => {
    expect(intOption(new Map(), 'epochs', 1)).toBeUndefined();
    expect(intOption(new Map([['epochs', '12']]), 'epochs', 1)).toBe(12);
    expect(intOption(new Map([['seed', '0']]), 'seed', 0)).toBe(0);
    expect(() => intOption(new Map([['epochs', '0']]), 'epochs', 1)).toThrow('--epochs must be a whole number ≥ 1, not "0"');
    expect(() => intOption(new Map([['trials', '2.5']]), 'trials', 1)).toThrow(UsageError);
  });

  it('gives the pipeline the backend asked for and says which and why', async () => {
    const heard: string[] = [];
    const choice = await nodeTfProvider('cpu', (l) => heard.push(l)).ready({} as Parameters<TfProvider['ready']>[0]); // Node's choice reads nothing of the run
    expect(choice.backend).toBe('cpu');
    expect(choice.device).toMatch(/^Node v\d+.* tfjs \S+ cpu$/);
    expect(heard).toEqual(['cpu (cpu requested)']);
  });

  it('Ctrl-C once asks the run to stop and says so; twice exits 130; release removes the handler', () => {
    const before = process.listenerCount('SIGINT');
    const said: string[] = [];
    const s = stopOnSigint((m) => said.push(m), 'Stopping…');
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    expect(s.shouldStop()).toBe(false);
    process.emit('SIGINT');
    expect(s.shouldStop()).toBe(true);
    expect(said).toEqual(['Stopping…']);
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    process.emit('SIGINT');
    expect(exit).toHaveBeenCalledWith(130);
    s.release();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
