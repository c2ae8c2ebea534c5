// Copies the two Wasm builds into the Python package (python/plrf/wasm/), which ships them as
// package data. Run by `npm run build` after the AssemblyScript build; the copies are git-ignored.
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const dir = `${root}python/plrf/wasm/`;
mkdirSync(dir, { recursive: true });
for (const name of ['plrf.wasm', 'plrf-scalar.wasm']) copyFileSync(`${root}build/${name}`, `${dir}${name}`);
