/** Transient messages at the bottom right: saved, refused connection, failed call. */
export interface Toast {
  id: number;
  kind: 'info' | 'error' | 'success';
  text: string;
}

/** Created once by the app (see lib/context.ts) and read by components from context. */
export class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;
  show(text: string, kind: Toast['kind'] = 'info', ms = 4000): void {
    const id = this.#next++;
    this.items.push({ id, kind, text });
    if (ms > 0) setTimeout(() => this.dismiss(id), ms);
  }
  error(text: string): void {
    this.show(text, 'error', 7000);
  }
  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}
