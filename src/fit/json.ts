// A strict JSON parser (RFC 8259) that remembers the line on which every array element and object
// member starts, so that the run readers can name the line of a bad value. Internal to src/fit.

/** A JSON syntax error at a line (1-based). @internal */
export class JsonSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Lines of the parsed containers: for arrays the line of each element, for objects of each member's value. @internal */
export interface JsonLines {
  /** Line on which a container (array or object) opens. */
  start: WeakMap<object, number>;
  /** Array -> line of each element. */
  elements: WeakMap<unknown[], number[]>;
  /** Object -> key -> line of its value. */
  members: WeakMap<object, Map<string, number>>;
}

/**
 * Parse JSON text, recording lines. Duplicate keys in one object are a syntax error (they would
 * otherwise drop a value silently).
 * @internal
 */
export function parseJsonWithLines(text: string, firstLine = 1): { value: unknown; lines: JsonLines } {
  const lines: JsonLines = { start: new WeakMap(), elements: new WeakMap(), members: new WeakMap() };
  let i = 0;
  let line = firstLine;
  const fail = (msg: string): never => {
    throw new JsonSyntaxError(line, msg);
  };
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        line++;
        i++;
      } else if (c === 32 || c === 9 || c === 13) i++;
      else break;
    }
  };
  const show = () => (i >= text.length ? 'the end of the text' : `'${text.slice(i, i + 12).split('\n')[0]}'`);
  const parseString = (): string => {
    // at the opening quote
    i++;
    let out = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text[i];
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\n') fail('unterminated string (a raw newline inside a string)');
      if (c === '\\') {
        const e = text[i + 1];
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e in map) {
          out += map[e];
          i += 2;
          continue;
        }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        fail(`invalid escape in a string near ${show()}`);
      }
      if (c.charCodeAt(0) < 32) fail('control character inside a string');
      out += c;
      i++;
    }
  };
  const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  const parseValue = (): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      const obj: Record<string, unknown> = {};
      const mem = new Map<string, number>();
      lines.start.set(obj, line);
      lines.members.set(obj, mem);
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a quoted key, found ${show()}`);
        const key = parseString();
        ws();
        if (text[i] !== ':') fail(`expected ':' after the key "${key}", found ${show()}`);
        i++;
        ws();
        if (mem.has(key)) fail(`duplicate key "${key}" in one object`);
        mem.set(key, line);
        obj[key] = parseValue();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail(`expected ',' or '}' in an object, found ${show()}`);
      }
    }
    if (c === '[') {
      const arr: unknown[] = [];
      const el: number[] = [];
      lines.start.set(arr, line);
      lines.elements.set(arr, el);
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        ws();
        el.push(line);
        arr.push(parseValue());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail(`expected ',' or ']' in an array, found ${show()}`);
      }
    }
    if (c === '"') return parseString();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m && m[0].length > 0 && m[0] !== '-') {
      i += m[0].length;
      return Number(m[0]);
    }
    if (/^(NaN|-?Infinity)/.test(text.slice(i)))
      fail(`${/^(NaN|-?Infinity)/.exec(text.slice(i))![0]} is not valid JSON (non-finite numbers are not allowed)`);
    return fail(`unexpected ${show()}`);
  };
  const value = parseValue();
  ws();
  if (i < text.length) fail(`unexpected content after the JSON value: ${show()}`);
  return { value, lines };
}
