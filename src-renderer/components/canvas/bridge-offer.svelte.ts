/**
 * The layer whose deletion waits for the user's answer to "reconnect the gap?" (set by deleteSelection,
 * answered in BridgeDialog). Null when nothing is pending.
 */
export const bridgeOffer = $state<{ nodeId: string | null }>({ nodeId: null });
