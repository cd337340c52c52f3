/** Undo/redo over graph commands, with coalescing of consecutive same-key commands (drags, typing). */
import type { GraphDocument } from './document';
import type { Command } from './commands';

export interface HistoryOptions {
  /** Undo steps kept (oldest dropped first). At least 200. */
  limit?: number;
}

export class History {
  private undoStack: Command[] = [];
  private redoStack: Command[] = [];
  private sealed = true;
  private current: GraphDocument;
  readonly limit: number;

  constructor(doc: GraphDocument, opts: HistoryOptions = {}) {
    this.current = doc;
    this.limit = Math.max(200, opts.limit ?? 500);
  }

  get doc(): GraphDocument {
    return this.current;
  }
  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }
  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }
  get undoLabel(): string | undefined {
    return this.undoStack[this.undoStack.length - 1]?.label;
  }
  get redoLabel(): string | undefined {
    return this.redoStack[this.redoStack.length - 1]?.label;
  }
  get size(): number {
    return this.undoStack.length;
  }

  /** Applies a command. Throws its CommandError with the history and document unchanged. */
  execute(cmd: Command): GraphDocument {
    const next = cmd.apply(this.current);
    const top = this.undoStack[this.undoStack.length - 1];
    if (!this.sealed && top && cmd.coalesceKey !== undefined && top.coalesceKey === cmd.coalesceKey && cmd.absorb) {
      cmd.absorb(top);
      this.undoStack[this.undoStack.length - 1] = cmd;
    } else {
      this.undoStack.push(cmd);
      if (this.undoStack.length > this.limit) this.undoStack.shift();
    }
    this.redoStack = [];
    this.sealed = false;
    this.current = next;
    return next;
  }

  /** Ends coalescing: the next command starts a new undo step (call on drag end, blur, Enter). */
  seal(): void {
    this.sealed = true;
  }

  undo(): boolean {
    const cmd = this.undoStack.pop();
    if (!cmd) return false;
    this.current = cmd.undo(this.current);
    this.redoStack.push(cmd);
    this.sealed = true;
    return true;
  }

  redo(): boolean {
    const cmd = this.redoStack.pop();
    if (!cmd) return false;
    this.current = cmd.apply(this.current);
    this.undoStack.push(cmd);
    this.sealed = true;
    return true;
  }

  /** Starts over from a document (e.g. after loading a project); clears undo and redo. */
  reset(doc: GraphDocument): void {
    this.current = doc;
    this.undoStack = [];
    this.redoStack = [];
    this.sealed = true;
  }
}
