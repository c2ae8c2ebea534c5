// API reference: TypeDoc must document every export of src/index.ts without a warning. The
// validation (typedoc.json: notDocumented, treatValidationWarningsAsErrors) makes an export without a
// TSDoc comment, a broken {@link} or an unexported type in the public signatures fail here.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('API reference (TypeDoc)', () => {
  it('documents every export of src/index.ts', () => {
    const bin = fileURLToPath(new URL('../node_modules/typedoc/bin/typedoc', import.meta.url));
    const run = spawnSync(process.execPath, [bin, '--emit', 'none'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    const output = `${run.stdout}\n${run.stderr}`;
    const problems = output.split('\n').filter((line) => /\[(warning|error)\]/.test(line));
    expect(problems, output).toEqual([]);
    expect(run.status, output).toBe(0);
  });
});
