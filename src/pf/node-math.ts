import { ATTACHED_DATA_NODES_COUNT, CHILD_MHT_NODES_COUNT, MD_USER_DATA_SIZE, NODE_SIZE } from "./format.ts";

/**
 * Node numbering of the Merkle hash tree (spec section A, "Node numbering and the MHT"):
 * node 0 metadata, node 1 root MHT (logical MHT 0), then for each MHT m its node at 1 + 97m
 * followed by its 96 data nodes.
 */

/** Number of data nodes for a plaintext of `size` bytes (the first 3072 bytes are inline). */
export function dataNodeCount(size: number): number {
  return size <= MD_USER_DATA_SIZE ? 0 : Math.ceil((size - MD_USER_DATA_SIZE) / NODE_SIZE);
}

/** Number of MHT nodes (root included) for `nData` data nodes. */
export function mhtNodeCount(nData: number): number {
  return nData === 0 ? 0 : Math.floor((nData - 1) / ATTACHED_DATA_NODES_COUNT) + 1;
}

/** Physical node number of logical data node `d`: d + 2 + floor(d/96). */
export function physData(d: number): number {
  return d + 2 + Math.floor(d / ATTACHED_DATA_NODES_COUNT);
}

/** Physical node number of logical MHT node `m` (the root, m = 0, is node 1). */
export function physMht(m: number): number {
  return 1 + m * (ATTACHED_DATA_NODES_COUNT + 1);
}

/** Logical parent of MHT node m >= 1 and the index of its entry among the parent's 32 children. */
export function mhtParent(m: number): { parent: number; slot: number } {
  return { parent: Math.floor((m - 1) / CHILD_MHT_NODES_COUNT), slot: (m - 1) % CHILD_MHT_NODES_COUNT };
}

/** Underlying (encrypted) file size for a plaintext of `size` bytes. */
export function underlyingSize(size: number): number {
  const n = dataNodeCount(size);
  return n === 0 ? NODE_SIZE : (physData(n - 1) + 1) * NODE_SIZE;
}

/** Total node count (metadata + MHT + data) of a file with a plaintext of `size` bytes. */
export function nodeCount(size: number): number {
  return underlyingSize(size) / NODE_SIZE;
}
