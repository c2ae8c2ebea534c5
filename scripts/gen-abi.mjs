#!/usr/bin/env node
// The Wasm ABI from one description: reads abi/plrf.abi.json and writes
//   assembly/abi.ts      the constants and layout offsets, for the Wasm core itself
//   src/core/abi.ts      CoreExports (one typed method per export), constants, errors, layouts
//   python/plrf/_abi.py  EXPORTS, PARAM_NAMES, constants, ERRORS, LAYOUTS (standard library only)
//   docs/abi.md          the export table between <!-- abi:exports:begin --> and <!-- abi:exports:end -->
//
//   node scripts/gen-abi.mjs           write the files (npm run asbuild does this first)
//   node scripts/gen-abi.mjs --check   write nothing; exit 1 listing the files that are stale
//
// The description is validated first (names, types, values, layouts); errors exit with status 2.
// Plain Node, no dependencies. The rendering functions are exported for test/abi.test.ts.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { differingFiles } from './generated.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE = 'abi/plrf.abi.json';
const HEADER = `generated from ${SOURCE} by scripts/gen-abi.mjs: do not edit`;
const BEGIN = '<!-- abi:exports:begin -->';
const END = '<!-- abi:exports:end -->';
const TYPES = ['i32', 'f64'];
const UNITS = {
  byte: 'byte offset from the start of the block',
  slot: 'slot index: 8 bytes per slot from the start of the block (i32 values in the low 4 bytes)',
  jobSlot: "slot index in a job's state: byte JOB_HEADER_BYTES + 8 index of the job block (getF/getI/getP in assembly/job.ts)",
  array: 'array index k: n doubles at byte 8 k n of the block',
};
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONST = /^[A-Z][A-Z0-9_]*$/;

/** Read the description. */
export function loadAbi(root = ROOT) {
  return JSON.parse(readFileSync(join(root, SOURCE), 'utf8'));
}

/** Problems with the description (empty when it is valid). */
export function validate(abi) {
  const errs = [];
  const seen = new Set();
  for (const [i, e] of (abi.exports ?? []).entries()) {
    const at = `exports[${i}] ${e?.name ?? ''}`;
    if (!IDENT.test(e.name ?? '')) errs.push(`${at}: bad name`);
    if (seen.has(e.name)) errs.push(`${at}: duplicate export`);
    seen.add(e.name);
    if (e.name === 'memory') errs.push(`${at}: memory is implicit`);
    if (!Array.isArray(e.params)) errs.push(`${at}: params must be a list`);
    const pnames = new Set();
    for (const p of e.params ?? []) {
      if (!IDENT.test(p.name ?? '') || pnames.has(p.name)) errs.push(`${at}: bad or duplicate param ${p.name}`);
      pnames.add(p.name);
      if (!TYPES.includes(p.type)) errs.push(`${at}: param ${p.name} has type ${p.type} (i32 or f64)`);
    }
    if (e.result !== null && !TYPES.includes(e.result)) errs.push(`${at}: result ${e.result} (i32, f64 or null)`);
    if (typeof e.doc !== 'string' || !e.doc.trim() || e.doc.includes('\n')) errs.push(`${at}: doc must be one line`);
    if (!IDENT.test(e.group ?? '')) errs.push(`${at}: group missing`);
  }
  const consts = allConstants(abi, errs);
  for (const [name, c] of Object.entries(abi.constants ?? {})) {
    if (!CONST.test(name)) errs.push(`constant ${name}: name must be UPPER_CASE`);
    if (!TYPES.includes(c.type)) errs.push(`constant ${name}: type ${c.type} (i32 or f64)`);
    if (typeof c.value !== 'number' || !Number.isFinite(c.value)) errs.push(`constant ${name}: value must be a finite number`);
    if (c.type === 'i32' && !(Number.isInteger(c.value) && c.value >= -(2 ** 31) && c.value < 2 ** 31))
      errs.push(`constant ${name}: not an i32`);
    if (typeof c.doc !== 'string' || !c.doc.trim()) errs.push(`constant ${name}: doc missing`);
  }
  for (const name of Object.keys(abi.constants ?? {})) {
    const v = abi.constants[name].value;
    if (name.startsWith('ERR_') && !(abi.errors ?? {})[name]) errs.push(`constant ${name}: no entry in errors`);
    if (name.startsWith('ERR_') && !(v < 0)) errs.push(`constant ${name}: error codes are negative`);
  }
  const statuses = new Map();
  for (const [name, e] of Object.entries(abi.errors ?? {})) {
    const c = (abi.constants ?? {})[name];
    if (!c) errs.push(`errors.${name}: no such constant`);
    else if (statuses.has(c.value)) errs.push(`errors.${name}: status ${c.value} is also ${statuses.get(c.value)}`);
    else statuses.set(c.value, name);
    if (!CONST.test(e.code ?? '')) errs.push(`errors.${name}: code missing`);
    if (typeof e.message !== 'string' || !e.message) errs.push(`errors.${name}: message missing`);
  }
  for (const [name, l] of Object.entries(abi.layouts ?? {})) {
    const at = `layouts.${name}`;
    if (!IDENT.test(name)) errs.push(`${at}: bad name`);
    if (!UNITS[l.unit]) errs.push(`${at}: unit ${l.unit} (one of ${Object.keys(UNITS).join(', ')})`);
    const size = typeof l.size === 'string' ? consts.get(l.size)?.value : l.size;
    if (!Number.isInteger(size)) errs.push(`${at}: size ${l.size} is not an integer or a constant's name`);
    if (l.prefix !== undefined && !/^[A-Z][A-Z0-9_]*_$/.test(l.prefix)) errs.push(`${at}: prefix must be UPPER_CASE ending in _`);
    const key = l.unit === 'byte' ? 'offset' : 'index';
    const fnames = new Set();
    for (const f of l.fields ?? []) {
      if (!CONST.test(f.name ?? '') || fnames.has(f.name)) errs.push(`${at}: bad or duplicate field ${f.name}`);
      fnames.add(f.name);
      if (!Number.isInteger(f[key]) || f[key] < 0) errs.push(`${at}.${f.name}: needs an integer ${key}`);
      else if (Number.isInteger(size) && f[key] >= size) errs.push(`${at}.${f.name}: ${key} ${f[key]} is not below the size ${size}`);
      if (!TYPES.includes(f.type)) errs.push(`${at}.${f.name}: type ${f.type} (i32 or f64)`);
      if (typeof f.doc !== 'string' || !f.doc.trim()) errs.push(`${at}.${f.name}: doc missing`);
    }
  }
  return errs;
}

/** Constants and layout fields (prefix + name -> index or offset), in order; name -> {value, type, doc}. */
export function allConstants(abi, errs = []) {
  const out = new Map();
  for (const [name, c] of Object.entries(abi.constants ?? {})) out.set(name, { value: c.value, type: c.type, doc: c.doc });
  for (const [lname, l] of Object.entries(abi.layouts ?? {})) {
    if (!l.prefix) continue;
    for (const f of l.fields ?? []) {
      const name = l.prefix + f.name;
      if (out.has(name)) errs.push(`layouts.${lname}.${f.name}: ${name} is already a constant`);
      const where = l.unit === 'byte' ? 'byte offset' : l.unit === 'array' ? 'array' : 'slot';
      out.set(name, { value: l.unit === 'byte' ? f.offset : f.index, type: 'i32', doc: `${lname} ${where}: ${f.doc}` });
    }
  }
  return out;
}

const num = (c, lang) => {
  const s = Object.is(c.value, -0) ? '-0' : String(c.value);
  if (lang === 'as' && c.type === 'f64' && Number.isInteger(c.value)) return `${s}.0`;
  return s;
};
const comment = (doc) => doc.replace(/\*\//g, '* /');
const WIDTH = 140; // the line-length limit of the lint (eslint.config.js, .prettierrc.json)

/** `{ entries },` on one line when it fits in WIDTH (a trailing comment not counted), else one entry a line (Prettier's layout). */
const object = (indent, key, entries, note = '') => {
  const one = `${indent}${key}{ ${entries.join(', ')} },`;
  if (one.length <= WIDTH) return `${one}${note}\n`;
  return `${indent}${key}{${note}\n${entries.map((x) => `${indent}  ${x},\n`).join('')}${indent}},\n`;
};

/** A TypeScript string literal in Prettier's style: single quotes unless the text has more of them than double quotes. */
const ts = (x) => {
  const json = JSON.stringify(x);
  if ((x.match(/'/g) ?? []).length > (x.match(/"/g) ?? []).length) return json;
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
};

/** A doc comment at `indent`: one line when it fits in WIDTH, else wrapped at word boundaries. */
const docComment = (text, indent = '') => {
  const one = `${indent}/** ${comment(text)} */`;
  if (one.length <= WIDTH) return one;
  const lines = [`${indent}/**`];
  let line = '';
  for (const word of comment(text).split(/\s+/).filter(Boolean)) {
    if (line && `${indent} * ${line} ${word}`.length > WIDTH) {
      lines.push(`${indent} * ${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(`${indent} * ${line}`);
  lines.push(`${indent} */`);
  return lines.join('\n');
};

/** `head(items)tail` on one line when it fits in WIDTH, else one item a line (Prettier's layout). */
const list = (indent, head, items, tail) => {
  const one = `${indent}${head}${items.join(', ')}${tail}`;
  if (one.length <= WIDTH) return one;
  return `${indent}${head}\n${items.map((x) => `${indent}  ${x},\n`).join('')}${indent}${tail.replace(/^\s+/, '')}`;
};
const byStatus = (abi) =>
  Object.entries(abi.errors)
    .map(([name, e]) => ({ name, status: abi.constants[name].value, ...e }))
    .sort((a, b) => b.status - a.status);

/** assembly/abi.ts */
export function renderAssembly(abi) {
  let s = `// ${HEADER}\n//\n// The ABI's constants and state-layout offsets for the Wasm core (docs/abi.md).\n`;
  for (const [name, c] of allConstants(abi)) {
    s += `\n${docComment(c.doc)}\nexport const ${name}: ${c.type} = ${num(c, 'as')};`;
  }
  return s + '\n';
}

/** src/core/abi.ts */
export function renderTypeScript(abi) {
  let s = `// ${HEADER}\n//\n// The Wasm ABI: the exports' signatures, constants, job error codes and state layouts (docs/abi.md).\n\n`;
  s += `import type { PlrfErrorCode } from './errors.js';\n\n`;
  s += `/** The raw exports of plrf.wasm (see docs/abi.md). Pointers are byte offsets into \`memory\`. */\nexport interface CoreExports {\n  memory: WebAssembly.Memory;\n`;
  for (const e of abi.exports) {
    const params = e.params.map((p) => `${p.name}: number`);
    const sig = `(${e.params.map((p) => p.type).join(', ')}) -> ${e.result ?? 'void'}`;
    s += `${docComment(`${e.doc} ${sig}`, '  ')}\n${list('  ', `${e.name}(`, params, `): ${e.result === null ? 'void' : 'number'};`)}\n`;
  }
  s += '}\n';
  for (const [name, c] of allConstants(abi)) s += `\n${docComment(c.doc)}\nexport const ${name} = ${num(c, 'ts')};`;
  s += `\n\n/** The PlrfError code and a default message of each negative job status. */\n`;
  s += `export const ABI_ERRORS: Readonly<Record<number, { readonly code: PlrfErrorCode; readonly message: string }>> = {\n`;
  for (const e of byStatus(abi))
    s += object('  ', `[${e.status}]: `, [`code: ${ts(e.code)}`, `message: ${ts(e.message)}`], ` // ${e.name}`);
  s += '};\n';
  s += `\n/** One field of a layout: \`index\` (slot or array) or \`offset\` (bytes), by the layout's unit. */\n`;
  s += `export interface AbiLayoutField {\n  readonly name: string;\n  readonly index?: number;\n  readonly offset?: number;\n`;
  s += `  readonly type: 'i32' | 'f64';\n  readonly doc: string;\n}\n`;
  s += `/** A job-state or workspace layout: unit byte | slot | jobSlot | array; size in units. */\n`;
  s += `export interface AbiLayout {\n  readonly doc: string;\n  readonly unit: 'byte' | 'slot' | 'jobSlot' | 'array';\n`;
  s += `  readonly size: number;\n  readonly fields: readonly AbiLayoutField[];\n}\n\n`;
  s += `/** The state layouts of the ABI, by name. */\nexport const LAYOUTS: Readonly<Record<string, AbiLayout>> = {\n`;
  const consts = allConstants(abi);
  for (const [name, l] of Object.entries(abi.layouts)) {
    const size = typeof l.size === 'string' ? consts.get(l.size).value : l.size;
    s += `  ${name}: {\n    doc: ${ts(l.doc)},\n    unit: ${ts(l.unit)},\n    size: ${size},\n    fields: [\n`;
    for (const f of l.fields) {
      const at = l.unit === 'byte' ? `offset: ${f.offset}` : `index: ${f.index}`;
      s += object('      ', '', [`name: ${ts(f.name)}`, at, `type: ${ts(f.type)}`, `doc: ${ts(f.doc)}`]);
    }
    s += '    ],\n  },\n';
  }
  return s + '};\n';
}

const py = (x) => JSON.stringify(x); // JSON strings are valid Python string literals (ASCII or UTF-8)

/** python/plrf/_abi.py */
export function renderPython(abi) {
  let s = `# ${HEADER}\n"""The Wasm ABI of plrf: the exports' signatures, constants, job error codes and state layouts.\n\n`;
  s += `EXPORTS maps each export to ((param types...), result type or None); PARAM_NAMES gives the\nparameters' names; ERRORS maps each negative job status to its PlrfError code and a default message;\n`;
  s += `LAYOUTS describes job-state and workspace layouts (see docs/abi.md).\n"""\n\n`;
  s += `EXPORTS = {\n`;
  const tup = (xs) => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`);
  for (const e of abi.exports)
    s += `    ${py(e.name)}: (${tup(e.params.map((p) => py(p.type)))}, ${e.result === null ? 'None' : py(e.result)}),\n`;
  s += `}\n\nPARAM_NAMES = {\n`;
  for (const e of abi.exports) s += `    ${py(e.name)}: ${tup(e.params.map((p) => py(p.name)))},\n`;
  s += `}\n\nDOCS = {\n`;
  for (const e of abi.exports) s += `    ${py(e.name)}: ${py(e.doc)},\n`;
  s += `}\n\n`;
  for (const [name, c] of allConstants(abi)) s += `${name} = ${num(c, 'py')}  # ${c.doc}\n`;
  s += `\nERRORS = {\n`;
  for (const e of byStatus(abi)) s += `    ${e.status}: {"code": ${py(e.code)}, "message": ${py(e.message)}},  # ${e.name}\n`;
  s += `}\n\nLAYOUTS = {\n`;
  const consts = allConstants(abi);
  for (const [name, l] of Object.entries(abi.layouts)) {
    const size = typeof l.size === 'string' ? consts.get(l.size).value : l.size;
    s += `    ${py(name)}: {\n        "doc": ${py(l.doc)},\n        "unit": ${py(l.unit)},\n        "size": ${size},\n        "fields": [\n`;
    for (const f of l.fields) {
      const at = l.unit === 'byte' ? `"offset": ${f.offset}` : `"index": ${f.index}`;
      s += `            {"name": ${py(f.name)}, ${at}, "type": ${py(f.type)}, "doc": ${py(f.doc)}},\n`;
    }
    s += '        ],\n    },\n';
  }
  return s + '}\n';
}

const cell = (t) => t.replace(/\|/g, '\\|');

/** The generated section of docs/abi.md (markers included). */
export function renderDocsTable(abi) {
  let s = `${BEGIN}\n<!-- ${HEADER} -->\n\n`;
  s += '| group | export | signature | what |\n|---|---|---|---|\n';
  const groups = [...new Set(abi.exports.map((e) => e.group))];
  for (const g of groups) {
    for (const e of abi.exports.filter((x) => x.group === g)) {
      const sig = `(${e.params.map((p) => p.type).join(', ')}) -> ${e.result ?? 'void'}`;
      s += `| ${g} | \`${e.name}(${e.params.map((p) => p.name).join(', ')})\` | ${sig} | ${cell(e.doc)} |\n`;
    }
  }
  s += '\nConstants (in every host: `assembly/abi.ts`, `src/core/abi.ts`, `python/plrf/_abi.py`):\n\n';
  s += '| constant | value | what |\n|---|---|---|\n';
  for (const [name, c] of Object.entries(abi.constants)) s += `| \`${name}\` | ${num(c, 'ts')} | ${cell(c.doc)} |\n`;
  s += '\nJob errors (a negative status of a step, and the PlrfError a host raises for it):\n\n';
  s += '| status | constant | PlrfError code | default message |\n|---|---|---|---|\n';
  for (const e of byStatus(abi)) s += `| ${e.status} | \`${e.name}\` | \`${e.code}\` | ${cell(e.message)} |\n`;
  const consts = allConstants(abi);
  for (const [name, l] of Object.entries(abi.layouts)) {
    const size = typeof l.size === 'string' ? `${l.size} = ${consts.get(l.size).value}` : String(l.size);
    s += `\nLayout \`${name}\` (${l.unit === 'byte' ? 'bytes' : l.unit === 'array' ? 'arrays' : 'slots'}: ${size}; ${UNITS[l.unit]}): ${cell(l.doc)}\n\n`;
    s += `| ${l.unit === 'byte' ? 'offset' : 'index'} | field | type | what |\n|---|---|---|---|\n`;
    for (const f of l.fields)
      s += `| ${l.unit === 'byte' ? f.offset : f.index} | \`${(l.prefix ?? '') + f.name}\` | ${f.type} | ${cell(f.doc)} |\n`;
  }
  return s + `\n${END}`;
}

/** docs/abi.md with its generated section replaced; throws if the markers are missing. */
export function spliceDocs(text, abi) {
  const i = text.indexOf(BEGIN),
    j = text.indexOf(END);
  if (i < 0 || j < i) throw new Error(`docs/abi.md: markers ${BEGIN} ... ${END} not found`);
  return text.slice(0, i) + renderDocsTable(abi) + text.slice(j + END.length);
}

/** Every generated file: path (relative to the root) -> expected content. */
export function expectedFiles(abi, root = ROOT) {
  return {
    'assembly/abi.ts': renderAssembly(abi),
    'src/core/abi.ts': renderTypeScript(abi),
    'python/plrf/_abi.py': renderPython(abi),
    'docs/abi.md': spliceDocs(readFileSync(join(root, 'docs/abi.md'), 'utf8'), abi),
  };
}

/** The generated files that differ from what the description gives now. */
export function staleFiles(abi, root = ROOT) {
  return differingFiles(expectedFiles(abi, root), root);
}

function main(argv) {
  const abi = loadAbi();
  const errs = validate(abi);
  if (errs.length) {
    console.error(`${SOURCE} is invalid:\n  ${errs.join('\n  ')}`);
    process.exit(2);
  }
  if (argv.includes('--check')) {
    const stale = staleFiles(abi);
    if (stale.length) {
      console.error(`stale (run node scripts/gen-abi.mjs):\n  ${stale.join('\n  ')}`);
      process.exit(1);
    }
    return;
  }
  for (const [path, text] of Object.entries(expectedFiles(abi))) {
    const full = join(ROOT, path);
    let now = null;
    try {
      now = readFileSync(full, 'utf8');
    } catch {
      // written below
    }
    if (now === text) continue;
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    console.log(`wrote ${path}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main(process.argv.slice(2));
