/**
 * What the Training tab says before a run, following the state: while Start is refused it points to what
 * is missing (the refusal itself is shown beside the button); once the data and the model are ready it
 * says so, never the stale "set up the data" after the data is set up.
 */
export function idleHint(refusal: string | null): string {
  const after = 'Progress and curves appear here; every run is kept in the Runs tab.';
  if (refusal === null) return `The data and the model are ready: press Start training. ${after}`;
  if (refusal.startsWith('No data is prepared')) return `Set up the data in the Data tab, then start training. ${after}`;
  return `Fix what is noted beside Start training, then start it. ${after}`;
}
