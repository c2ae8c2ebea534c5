// Shared by the generators (gen-abi.mjs, gen-momentum-blocks.mjs): which generated files on disk differ
// from what a generator would write. Plain Node, no dependencies.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The paths of `files` ({ path: expected text }) whose file under `root` differs or is missing. */
export function differingFiles(files, root) {
  const out = [];
  for (const [path, text] of Object.entries(files)) {
    let now = null;
    try {
      now = readFileSync(join(root, path), 'utf8');
    } catch {
      // missing counts as stale
    }
    if (now !== text) out.push(path);
  }
  return out;
}
