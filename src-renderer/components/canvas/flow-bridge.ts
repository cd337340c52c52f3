/**
 * What the rest of the UI may ask of the canvas (fit, zoom, coordinates, selected edges). The canvas
 * registers it while mounted; callers get null when no canvas is shown.
 */
export interface FlowBridge {
  /** Screen (client) coordinates → flow coordinates. */
  screenToFlow(p: { x: number; y: number }): { x: number; y: number };
  /** Flow coordinates of the centre of the visible canvas. */
  centre(): { x: number; y: number };
  fitView(): void;
  zoomIn(): void;
  zoomOut(): void;
  /** Measured size of a node, if rendered. */
  nodeSize(id: string): { width: number; height: number } | undefined;
  /** Ids of the edges selected on the canvas (edges are not part of the editor's selection). */
  selectedEdges(): string[];
  /** Pans (keeping the zoom) so that a rectangle in flow coordinates is in view, when it is not already. */
  reveal(rect: { x: number; y: number; width: number; height: number }): void;
}

let current: FlowBridge | null = null;

export const flowBridge = {
  get(): FlowBridge | null {
    return current;
  },
  set(b: FlowBridge | null): void {
    current = b;
  },
};
