#!/usr/bin/env node
// A small static server for the explorer: serves web/ and dist/ of this repository on localhost only
// (GET and HEAD, no directory listings, nothing outside those two folders), with the page's
// Content-Security-Policy also sent as a header so that it governs the Web Worker too.
//
//   npm run serve                   # http://127.0.0.1:8080/ (after npm run build)
//   npm run serve -- --port 0       # any free port; the URL is printed
//
// startServer() is also what test/browser/explorer.test.ts uses.

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MOUNTS = { web: join(ROOT, 'web'), dist: join(ROOT, 'dist') };

export const CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; " +
  "style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ts': 'text/plain; charset=utf-8',
};

/** The file behind a URL path, or null: only inside web/ or dist/, no dot-files, no traversal. */
async function resolveFile(pathname) {
  let path;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0 || parts.length > 16 || !(parts[0] in MOUNTS)) return null;
  if (parts.some((p) => p.startsWith('.') || p.includes('\\') || p.includes('\0'))) return null;
  const base = MOUNTS[parts[0]];
  let file = join(base, ...parts.slice(1));
  try {
    let s = await stat(file);
    if (s.isDirectory()) {
      file = join(file, 'index.html');
      s = await stat(file);
    }
    if (!s.isFile()) return null;
    const real = await realpath(file);
    const realBase = await realpath(base);
    return real.startsWith(realBase + sep) ? { file: real, size: s.size } : null;
  } catch {
    return null;
  }
}

function send(res, status, text, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

/**
 * Start the server on 127.0.0.1. Resolves to { url, server, close }; `port` 0 picks a free port.
 * @param {{ port?: number, host?: string, quiet?: boolean }} options
 */
export async function startServer({ port = 8080, host = '127.0.0.1', quiet = true } = {}) {
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) throw new Error(`refusing to serve on ${host}: localhost only`);
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    if (req.url.length > 2048) return send(res, 414, 'URL too long\n');
    const { pathname } = new URL(req.url, 'http://localhost');
    if (pathname === '/' || pathname === '/index.html') return send(res, 302, 'see /web/\n', { Location: '/web/' });
    if (pathname === '/web') return send(res, 302, 'see /web/\n', { Location: '/web/' });
    const found = await resolveFile(pathname);
    if (!found) return send(res, 404, 'not found\n');
    res.writeHead(200, {
      'Content-Type': TYPES[extname(found.file)] ?? 'application/octet-stream',
      'Content-Length': found.size,
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cache-Control': 'no-cache',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(found.file)
      .on('error', () => res.destroy())
      .pipe(res);
    if (!quiet) console.log(`${req.method} ${pathname}`);
  });
  // Bounded: few connections, short timeouts.
  server.maxConnections = 64;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/`;
  const close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { url, server, close };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === (await realpath(process.argv[1]).catch(() => process.argv[1]))) {
  const args = process.argv.slice(2);
  const portArg = args.indexOf('--port');
  const port = portArg >= 0 ? Number(args[portArg + 1]) : Number(process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port: ${args[portArg + 1]} is not a port number (0..65535)`);
    process.exit(2);
  }
  const missing = await stat(join(ROOT, 'dist', 'plrf.js')).then(
    () => false,
    () => true,
  );
  if (missing) console.error('dist/plrf.js is missing: run `npm run build` first.');
  const { url, close } = await startServer({ port, quiet: !args.includes('--verbose') });
  console.log(`plrf explorer: ${url}web/  (localhost only; Ctrl-C to stop)`);
  const stop = () => close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
