// The ABI description (abi/plrf.abi.json) against everything that depends on it: the generated
// bindings are fresh, both Wasm builds export exactly the described functions with the described
// signatures, docs/abi.md documents every export and no other, and the constants agree.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript module without types
import { allConstants, expectedFiles, loadAbi, ROOT, staleFiles, validate } from '../scripts/gen-abi.mjs';

type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'ref';
interface Param {
  name: string;
  type: 'i32' | 'f64';
}
interface Export {
  name: string;
  group: string;
  params: Param[];
  result: 'i32' | 'f64' | null;
  doc: string;
}
interface Abi {
  exports: Export[];
  constants: Record<string, { value: number; type: string; doc: string }>;
}
interface WasmSignature {
  params: ValType[];
  results: ValType[];
}
interface WasmInfo {
  functions: Map<string, WasmSignature>;
  others: { name: string; kind: number }[];
  memory?: { min: number; max?: number };
}

const abi: Abi = loadAbi();
const BUILDS = ['build/plrf.wasm', 'build/plrf-scalar.wasm'];

/** The exported functions' signatures (type, import, function and export sections) and the memory limits. */
function readWasm(bytes: Uint8Array): WasmInfo {
  let p = 0;
  const u32 = (): number => {
    let r = 0,
      shift = 0,
      b: number;
    do {
      b = bytes[p++];
      r += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return r;
  };
  const name = (): string => {
    const n = u32();
    const s = new TextDecoder().decode(bytes.subarray(p, p + n));
    p += n;
    return s;
  };
  const VAL: Record<number, ValType> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'ref', 0x6f: 'ref' };
  const valType = (): ValType =>
    VAL[bytes[p++]] ??
    (() => {
      throw new Error(`value type 0x${bytes[p - 1].toString(16)}`);
    })();
  const limits = () => {
    const flags = u32();
    const min = u32();
    return flags & 1 ? { min, max: u32() } : { min };
  };
  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error('not a Wasm module');
  p = 8;
  const types: WasmSignature[] = [];
  const funcTypes: number[] = []; // by function index: imported functions first
  const exports: { name: string; kind: number; index: number }[] = [];
  let memory: WasmInfo['memory'];
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = u32();
    const end = p + size;
    if (id === 1) {
      for (let n = u32(); n > 0; n--) {
        if (bytes[p++] !== 0x60) throw new Error('unexpected type form');
        const params = Array.from({ length: u32() }, valType);
        const results = Array.from({ length: u32() }, valType);
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        name();
        name();
        const kind = bytes[p++];
        if (kind === 0) funcTypes.push(u32());
        else if (kind === 1) {
          p++;
          limits();
        } else if (kind === 2) limits();
        else if (kind === 3) p += 2;
        else throw new Error(`import kind ${kind}`);
      }
    } else if (id === 3) {
      for (let n = u32(); n > 0; n--) funcTypes.push(u32());
    } else if (id === 5) {
      if (u32() > 0) memory = limits();
    } else if (id === 7) {
      for (let n = u32(); n > 0; n--) exports.push({ name: name(), kind: bytes[p++], index: u32() });
    }
    p = end;
  }
  const functions = new Map<string, WasmSignature>();
  const others: WasmInfo['others'] = [];
  for (const e of exports) {
    if (e.kind === 0) functions.set(e.name, types[funcTypes[e.index]]);
    else others.push({ name: e.name, kind: e.kind });
  }
  return { functions, others, memory };
}

const described = new Map(abi.exports.map((e) => [e.name, e]));
const signature = (params: readonly string[], result: string | null) => `(${params.join(', ')}) -> ${result ?? 'void'}`;

describe('the ABI description', () => {
  it('is valid', () => {
    expect(validate(abi)).toEqual([]);
  });

  it('generated files are fresh (node scripts/gen-abi.mjs)', () => {
    const stale: string[] = staleFiles(abi);
    expect(stale, `stale generated files: ${stale.join(', ')}; run node scripts/gen-abi.mjs`).toEqual([]);
  });

  it('the freshness check names the files a change of the description makes stale', () => {
    const changed = structuredClone(abi);
    changed.exports.push({ name: 'probe', group: 'memory', params: [{ name: 'x', type: 'i32' }], result: null, doc: 'A probe.' });
    expect(staleFiles(changed).sort()).toEqual(['docs/abi.md', 'python/plrf/_abi.py', 'src/core/abi.ts']);
    const constant = structuredClone(abi);
    constant.constants.STATUS_DONE.value = 7;
    expect(staleFiles(constant).sort()).toEqual(['assembly/abi.ts', 'docs/abi.md', 'python/plrf/_abi.py', 'src/core/abi.ts']);
  });

  it('gen-abi --check passes', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(ROOT, 'scripts/gen-abi.mjs'), '--check']);
    expect(stdout + stderr).toBe('');
  });

  it('assembly/abi.ts holds every constant with its value and type', () => {
    const text = readFileSync(join(ROOT, 'assembly/abi.ts'), 'utf8');
    const found = new Map(
      [...text.matchAll(/^export const (\w+): (i32|f64) = ([-0-9.e]+);$/gm)].map((m) => [m[1], { type: m[2], value: Number(m[3]) }]),
    );
    const want = new Map(
      [...(allConstants(abi) as Map<string, { type: string; value: number }>)].map(([k, c]) => [k, { type: c.type, value: c.value }]),
    );
    expect(found).toEqual(want);
  });
});

describe.each(BUILDS)('%s exports', (file) => {
  const info = readWasm(new Uint8Array(readFileSync(join(ROOT, file))));

  it('exactly the described functions', () => {
    const missing = [...described.keys()].filter((n) => !info.functions.has(n));
    const extra = [...info.functions.keys()].filter((n) => !described.has(n));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('with the described signatures', () => {
    const wrong: string[] = [];
    for (const [name, sig] of info.functions) {
      const e = described.get(name);
      if (!e) continue;
      const want = signature(
        e.params.map((p) => p.type),
        e.result,
      );
      const got = signature(sig.params, sig.results.length ? sig.results.join(', ') : null);
      if (want !== got) wrong.push(`${name}: described ${want}, exported ${got}`);
    }
    expect(wrong).toEqual([]);
  });

  it('memory and nothing else besides', () => {
    expect(info.others).toEqual([{ name: 'memory', kind: 2 }]);
    const c = abi.constants;
    expect(info.memory).toEqual({ min: c.INITIAL_MEMORY_PAGES.value, max: c.MAX_MEMORY_PAGES.value });
    expect(c.MAX_MEMORY_BYTES.value).toBe(c.MAX_MEMORY_PAGES.value * 65536);
  });
});

describe('docs/abi.md', () => {
  const doc = readFileSync(join(ROOT, 'docs/abi.md'), 'utf8');
  // Names of functions in table rows: a cell that starts with `name(.
  const rows = doc.split('\n').filter((l) => l.startsWith('|'));
  const documented = new Set(
    rows.flatMap((l) =>
      l
        .split('|')
        .map((c) => c.trim())
        .flatMap((c) => /^`(\w+)\(/.exec(c)?.[1] ?? []),
    ),
  );

  it('documents every export', () => {
    expect([...described.keys()].filter((n) => !documented.has(n))).toEqual([]);
  });

  it('names no export that does not exist', () => {
    expect([...documented].filter((n) => !described.has(n))).toEqual([]);
  });

  it('documents each signature as described', () => {
    const expected: string = expectedFiles(abi)['docs/abi.md'];
    expect(doc === expected, 'docs/abi.md differs from its generated tables: run node scripts/gen-abi.mjs').toBe(true);
  });
});

describe('package', () => {
  it('ships the Python package with its generated bindings, and the description', () => {
    const files: string[] = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).files;
    const ships = (path: string) => files.some((f) => f === path || path.startsWith(f.replace(/\/?\*.*$/, '') + '/'));
    if (ships('python/plrf/_core.py')) expect(ships('python/plrf/_abi.py')).toBe(true);
    expect(ships('abi/plrf.abi.json')).toBe(true);
  });

  it('asconfig matches the memory constants', () => {
    const asconfig = JSON.parse(readFileSync(join(ROOT, 'asconfig.json'), 'utf8'));
    expect(asconfig.options.maximumMemory).toBe(abi.constants.MAX_MEMORY_PAGES.value);
    expect(asconfig.options.initialMemory).toBe(abi.constants.INITIAL_MEMORY_PAGES.value);
  });
});
