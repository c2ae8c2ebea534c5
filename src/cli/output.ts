// Writing plots from the CLI: .svg as is, .png through resvg.

import { stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { svgToPng } from '../plot/render.js';
import { UsageError } from './args.js';

/**
 * Refuse an output path whose folder does not exist (exit 2 naming the flag), rather than
 * creating folders anywhere a typo points to.
 */
export async function checkParent(flag: string, file: string): Promise<void> {
  const dir = dirname(resolve(file));
  const ok = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!ok)
    throw new UsageError(flag, `${flag} = '${file}': the folder '${dirname(file)}' does not exist; create it first or choose another path`);
}

/** Write an SVG string to `file` (.svg) or its rendering (.png); the folder must exist. */
export async function writePlot(file: string, svg: string, flag = '--plot'): Promise<void> {
  await checkParent(flag, file);
  if (/\.png$/i.test(file)) await writeFile(file, await svgToPng(svg));
  else await writeFile(file, svg);
}
