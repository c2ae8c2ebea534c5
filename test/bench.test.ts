// bench/: every module the bench scripts import from the built library exists and exports the names
// they use, so a refactor of src/ cannot leave `npm run bench` failing at start-up unnoticed.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const BENCH = fileURLToPath(new URL('../bench/', import.meta.url));
const scripts = readdirSync(BENCH).filter((f) => f.endsWith('.js'));

describe('bench scripts', () => {
  it.each(scripts)('%s imports only names the built library exports', async (file) => {
    const text = readFileSync(BENCH + file, 'utf8');
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(\.\.\/dist\/[^']+)'/g)) {
      const names = m[1]
        .split(',')
        .map((s) => s.trim().split(/\s+as\s+/)[0])
        .filter(Boolean);
      const mod = (await import(pathToFileURL(BENCH + m[2]).href)) as Record<string, unknown>;
      for (const name of names) expect(mod[name], `${file}: ${name} from ${m[2]}`).toBeDefined();
    }
  });
});
