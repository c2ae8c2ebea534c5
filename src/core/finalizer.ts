// A safety net for objects that hold Wasm memory: if one is garbage-collected without dispose(),
// its blocks (or jobs) are freed. dispose() (or `using`) stays the way to release memory promptly.

/** Anything that holds Wasm memory and releases it with free(). */
type Freeable = { free(): void };

const registry: FinalizationRegistry<Freeable[]> | null =
  typeof FinalizationRegistry === 'undefined'
    ? null
    : new FinalizationRegistry((blocks) => {
        for (const b of blocks) {
          try {
            b.free();
          } catch {
            // the instance may be gone (e.g. at shutdown): nothing left to free
          }
        }
      });

/** Free `blocks` when `owner` is collected, unless {@link untrack} was called first. */
export function track(owner: object, blocks: Freeable[]): void {
  registry?.register(owner, blocks, owner);
}

/** The owner released its blocks itself. */
export function untrack(owner: object): void {
  registry?.unregister(owner);
}
