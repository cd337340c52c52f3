/**
 * The layer categories, in palette order, with their palette titles. The one list: `LayerCategory` is
 * derived from it and the palette iterates it, so a kind can only use a category the palette shows.
 */
import type { LayerDef } from './types';

export const LAYER_CATEGORIES = [
  { id: 'input', label: 'Input' },
  { id: 'recurrent', label: 'Recurrent' },
  { id: 'wrapper', label: 'Wrappers' },
  { id: 'core', label: 'Core' },
  { id: 'normalization', label: 'Normalization' },
  { id: 'convolution', label: 'Convolution' },
  { id: 'pooling', label: 'Pooling' },
  { id: 'merge', label: 'Merge' },
  { id: 'reshape', label: 'Reshape' },
] as const satisfies readonly { id: string; label: string }[];

export type LayerCategory = (typeof LAYER_CATEGORIES)[number]['id'];

export interface PaletteGroup {
  category: LayerCategory;
  title: string;
  items: LayerDef[];
}

/** The palette's groups: kinds matching `query` (label, kind or category), grouped in `LAYER_CATEGORIES` order. */
export function paletteGroups(layers: readonly LayerDef[], query = ''): PaletteGroup[] {
  const q = query.trim().toLowerCase();
  const match = (d: LayerDef): boolean => !q || d.label.toLowerCase().includes(q) || d.kind.toLowerCase().includes(q) || d.category.includes(q);
  return LAYER_CATEGORIES.map((c) => ({ category: c.id, title: c.label, items: layers.filter((d) => d.category === c.id && match(d)) })).filter(
    (g) => g.items.length > 0,
  );
}

/**
 * The layer Enter in the layer search adds: an exact label or kind match first ("Dense", not
 * "TimeDistributed(Dense)"), then one that starts with the query, then the first listed.
 */
export function bestMatch(layers: readonly LayerDef[], query: string): LayerDef | null {
  const q = query.trim().toLowerCase();
  if (!q) return null;
  const listed = paletteGroups(layers, q).flatMap((g) => g.items);
  const names = (d: LayerDef): string[] => [d.label.toLowerCase(), d.kind.toLowerCase()];
  return listed.find((d) => names(d).includes(q)) ?? listed.find((d) => names(d).some((n) => n.startsWith(q))) ?? listed[0] ?? null;
}
