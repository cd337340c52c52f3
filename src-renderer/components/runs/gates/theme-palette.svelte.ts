/** The heatmap palette from the theme's CSS colours, re-read when the system switches light/dark. */
import { parseColor, type Palette } from './heatmap';

const FALLBACK: Palette = { zero: [255, 255, 255], positive: [79, 70, 229], negative: [212, 60, 60] };

function read(): Palette {
  if (typeof document === 'undefined') return FALLBACK;
  const css = getComputedStyle(document.documentElement);
  const get = (name: string, d: Palette[keyof Palette]) => parseColor(css.getPropertyValue(name)) ?? d;
  return { zero: get('--bg-panel', FALLBACK.zero), positive: get('--accent', FALLBACK.positive), negative: get('--danger', FALLBACK.negative) };
}

class ThemePalette {
  current = $state<Palette>(read());
  constructor() {
    if (typeof window !== 'undefined' && window.matchMedia)
      window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => (this.current = read()));
  }
}

let shared: ThemePalette | null = null;
export function themePalette(): ThemePalette {
  shared ??= new ThemePalette();
  return shared;
}
