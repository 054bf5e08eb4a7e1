/**
 * ArrayBuffers created by the serving path for one request (decoded tensor copies, batch
 * concatenations) and referenced nowhere else: they may be transferred to an ONNX Runtime worker
 * thread instead of copied. Anything not marked is copied before transfer.
 */
const owned = new WeakSet<ArrayBufferLike>();

/** Marks a freshly allocated buffer as exclusively owned by the request that made it. */
export function markOwned<T extends ArrayBufferView>(view: T): T {
  if (view.byteOffset === 0 && view.byteLength === view.buffer.byteLength) owned.add(view.buffer);
  return view;
}

/**
 * The view itself when its whole buffer is owned (and may be detached by a transfer), otherwise
 * an exclusive copy; plus the buffer to transfer.
 */
export function transferable<T extends ArrayBufferView & { slice(): T }>(view: T): { view: T; buffer: ArrayBuffer } {
  if (owned.has(view.buffer) && view.byteOffset === 0 && view.byteLength === view.buffer.byteLength) {
    owned.delete(view.buffer);
    return { view, buffer: view.buffer as ArrayBuffer };
  }
  const copy = view.slice();
  return { view: copy, buffer: copy.buffer as ArrayBuffer };
}
