/**
 * Push events from the services to the UI, as a typed map: event name → payload type.
 * Areas add their events here; both transports forward every key of this map.
 */
export interface ApiEvents {
  /** A project was created, renamed, saved or deleted (by this or another window). */
  'projects.changed': { id: string; change: 'created' | 'renamed' | 'saved' | 'deleted' };
  /** A dataset was imported, retyped or deleted. */
  'datasets.changed': { id: string; change: 'created' | 'updated' | 'deleted' };
}
export type EventName = keyof ApiEvents;
export const EVENT_NAMES: readonly EventName[] = ['projects.changed', 'datasets.changed'];
