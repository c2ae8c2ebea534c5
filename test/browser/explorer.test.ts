// The explorer page in Debian's Chromium (playwright-core, headless; never a downloaded browser):
// it loads offline under its Content-Security-Policy, maps a click on the phase diagram to
// (alpha, beta), computes a point in its Web Worker, and its numbers equal Node's for the same
// inputs. A screenshot is kept in test/artifacts/ (gitignored).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../scripts/serve.mjs';
import { classifyPhase, danaDecayExponents, init, measureFront } from '../../src/index.js';
import { computeHashes, sha256F64 } from '../hosts/hashes.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SKIP_REASON = `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does)`;
const haveChromium = existsSync(CHROMIUM);
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const POINT = { alpha: 0.7, beta: 0.6, d: [100, 200, 400, 800, 1600] }; // the page's default d grid

declare global {
  interface Window {
    plrfLastResult: any;
    plrfHashes(): Promise<{ rng: string; sgd: string; deterministic: string }>;
  }
}

describe('explorer in Chromium', () => {
  let server: { url: string; close(): Promise<void> } | null = null;
  let context: BrowserContext | null = null;
  let page: Page;
  let userDataDir = '';
  const problems: string[] = []; // console errors, page errors, CSP violations
  const external: string[] = []; // requests that left the local server

  beforeAll(async () => {
    if (!haveChromium) {
      console.warn(`browser tests skipped: ${SKIP_REASON}`);
      return;
    }
    server = await startServer({ port: 0 });
    userDataDir = mkdtempSync(join(tmpdir(), 'plrf-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1400, height: 1000 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    context.on('request', (r) => {
      if (!r.url().startsWith(server!.url) && !r.url().startsWith('data:')) external.push(r.url());
    });
    await init();
  });

  const screenshot = async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'explorer.png'), fullPage: true });
  };

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('loads from the local server under its CSP and draws the phase diagram', async (ctx) => {
    ctx.skip(!haveChromium, SKIP_REASON);
    await page.goto(`${server!.url}web/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await expect.poll(() => page.textContent('#engine-kind'), { timeout: 30_000 }).toMatch(/Wasm core: SIMD build, in a Web Worker/);
    expect(await page.locator('#diagram svg').count()).toBeGreaterThan(1);
    expect(await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content')).toContain(
      "script-src 'self' 'wasm-unsafe-eval'",
    );
  });

  it("shows the default point's phase and predicted exponents at load, before any click", async (ctx) => {
    ctx.skip(!haveChromium, SKIP_REASON);
    const phase = classifyPhase(0.7, 0.6);
    expect(await page.textContent('#r-phase')).toContain('phase II');
    expect(await page.textContent('#r-xi-th')).toBe(phase.xi!.toFixed(3));
    expect(await page.textContent('#r-eta-th')).toBe(phase.eta!.toFixed(3));
    expect(await page.getAttribute('#results', 'data-state')).toBe('idle');
  });

  it('maps a click on the diagram to (alpha, beta)', async (ctx) => {
    ctx.skip(!haveChromium, SKIP_REASON);
    // Where the ticks alpha = 1.2 and beta = 0.2 are, read from the diagram independently of app.js.
    const at = await page.evaluate(() => {
      const svg = [...document.querySelectorAll('#diagram svg svg')].find((s) => s.querySelector('[aria-label="y-axis tick"]'))!;
      const tick = (axis: string, label: string) => {
        const labels = [...svg.querySelectorAll(`[aria-label="${axis}-axis tick label"] text`)].map((t) => t.textContent);
        const r = svg.querySelectorAll(`[aria-label="${axis}-axis tick"] path`)[labels.indexOf(label)].getBoundingClientRect();
        return axis === 'x' ? r.left + r.width / 2 : r.top + r.height / 2;
      };
      return { x: tick('x', '1.2'), y: tick('y', '0.2') };
    });
    await page.mouse.click(at.x, at.y);
    expect(Number(await page.inputValue('#alpha'))).toBe(1.2);
    expect(Number(await page.inputValue('#beta'))).toBe(0.2);
    expect(await page.textContent('#r-phase')).toContain('phase Ia');
    expect(await page.getAttribute('#results', 'data-state')).toBe('running');
  });

  it('computes (0.7, 0.6): phase and exponents as classifyPhase, curves equal to Node bit for bit', async (ctx) => {
    ctx.skip(!haveChromium, SKIP_REASON);
    // A new point while the clicked one is still running: that run is cancelled.
    await page.fill('#alpha', String(POINT.alpha));
    await page.fill('#beta', String(POINT.beta));
    await page.selectOption('#dgrid', POINT.d.join(','));
    const t0 = performance.now();
    await page.click('#run');
    await page.waitForSelector(`#results[data-state="done"][data-alpha="${POINT.alpha}"][data-beta="${POINT.beta}"]`, { timeout: 120_000 });
    const pageMs = performance.now() - t0;
    await screenshot(); // before any assertion, so that a failure leaves one too
    const got = await page.evaluate(() => window.plrfLastResult);

    const phase = classifyPhase(POINT.alpha, POINT.beta);
    expect(phase.phase).toBe('II');
    expect(got.phase).toEqual(phase);
    expect(await page.textContent('#r-phase')).toContain('phase II');
    expect(await page.textContent('#r-xi-th')).toBe(phase.xi!.toFixed(3));
    expect(await page.textContent('#r-eta-th')).toBe(phase.eta!.toFixed(3));

    const t1 = performance.now();
    const node = await measureFront({ alpha: POINT.alpha, beta: POINT.beta, d: POINT.d });
    const nodeMs = performance.now() - t1;
    console.log(
      `front at (${POINT.alpha}, ${POINT.beta}), d = ${POINT.d.join(',')}: Chromium worker ${got.elapsedMs.toFixed(0)} ms (page ${pageMs.toFixed(0)} ms), Node ${nodeMs.toFixed(0)} ms`,
    );
    // Everything the Wasm core computes is bit for bit the same: every loss value of every curve.
    expect(got.digest).toBe(await sha256F64(node.curves.flatMap((c) => c.loss)));
    expect(got.flops).toEqual(node.flops);
    expect(got.theory).toEqual(node.theory);
    expect(got.warnings).toEqual(node.warnings);
    expect(got.measured.approach).toBe(node.measured.approach);
    // The front fit takes its logarithms and exponentials from the Wasm core (JS Math differs by an
    // ulp between Node 20 and current Chromium), so the measured exponents are bit for bit equal too.
    const fields = ['xi', 'eta', 'xiCI', 'etaCI', 'window', 'interior'] as const;
    for (const k of fields) expect(JSON.stringify(got.measured[k]), k).toBe(JSON.stringify(node.measured[k]));
    console.log(`measured eta ${got.measured.eta} (Chromium) = ${node.measured.eta} (Node)`);
    expect(await page.textContent('#r-eta')).toContain(node.measured.eta.toFixed(3));
  });

  for (const panel of ['#curves', '#front'])
    it(`labels the loss curves in ${panel} without overlap (d=800 and d=1600 used to print over each other)`, async (ctx) => {
      ctx.skip(!haveChromium, SKIP_REASON);
      const boxes = await page.evaluate(
        (sel) =>
          [...document.querySelectorAll(`${sel} text`)]
            .filter((t) => /^d=\d+$/.test(t.textContent ?? ''))
            .map((t) => {
              const r = t.getBoundingClientRect();
              return { text: t.textContent, top: r.top, bottom: r.bottom, left: r.left, right: r.right };
            }),
        panel,
      );
      expect(boxes.map((b) => b.text).sort()).toEqual(POINT.d.map((d) => `d=${d}`).sort());
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i],
            b = boxes[j];
          const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          expect(overlap, `${a.text} and ${b.text}`).toBe(false);
        }
      }
    });

  it("compares the SGD front with DANA-decay: both equal to Node bit for bit, the prediction marked as plrf's", async (ctx) => {
    ctx.skip(!haveChromium, SKIP_REASON);
    const d = [100, 200, 400, 800]; // the page's fastest grid: DANA-decay curves cost about 28x SGD's
    await page.fill('#alpha', '0.7');
    await page.fill('#beta', '0.6');
    await page.selectOption('#dgrid', d.join(','));
    await page.selectOption('#optimizer', 'dana-decay');
    expect(await page.isVisible('#c-eta')).toBe(true);
    await page.click('#run');
    await page.waitForSelector('#results[data-state="done"][data-alpha="0.7"][data-beta="0.6"]', { timeout: 600_000 });
    const got = await page.evaluate(() => window.plrfLastResult);
    await page.selectOption('#optimizer', 'sgd'); // the page's default again, for the tests below
    expect(got.compare.optimizer).toBe('dana-decay');

    const sgd = await measureFront({ alpha: 0.7, beta: 0.6, d });
    expect(got.digest).toBe(await sha256F64(sgd.curves.flatMap((c) => c.loss)));
    // DANA-decay on SGD's flops range, as the worker runs it.
    const dana = await measureFront({ alpha: 0.7, beta: 0.6, d, flops: sgd.flops, optimizer: 'dana-decay' });
    expect(got.compare.digest).toBe(await sha256F64(dana.curves.flatMap((c) => c.loss)));
    for (const k of ['xi', 'eta', 'xiCI', 'etaCI', 'window'] as const)
      expect(JSON.stringify(got.compare.measured[k]), k).toBe(JSON.stringify(dana.measured[k]));
    const p = danaDecayExponents(0.7, 0.6);
    expect(got.compare.theory).toEqual({ xi: p.xi, eta: p.eta });
    expect(got.compare.warnings.join(' ')).toMatch(/plrf's derivation/);
    expect(await page.textContent('#c-eta-th')).toBe(p.eta!.toFixed(3));
    expect(await page.textContent('#c-eta')).toContain(dana.measured.eta.toFixed(3));
    expect(await page.textContent('#r-eta')).toContain(sgd.measured.eta.toFixed(3));
    console.log(
      `SGD vs DANA-decay at (0.7, 0.6), d = ${d.join(',')}: eta ${sgd.measured.eta.toFixed(4)} vs ${dana.measured.eta.toFixed(4)} ` +
        `(predicted ${sgd.theory.eta!.toFixed(4)} vs ${p.eta!.toFixed(4)}); DANA front ${got.compare.elapsedMs.toFixed(0)} ms in Chromium`,
    );
  }, 900_000);

  it('spreads the labels of curves that end at nearly the same loss', async (ctx) => {
    ctx.skip(!haveChromium, SKIP_REASON);
    // Two curves whose ends differ by 1%: the labels used to be drawn at the same height.
    const boxes = (await page.evaluate(`(async () => {
      const api = await import('/dist/plrf-url.js');
      const flops = [1e2, 1e4, 1e6, 1e8];
      const svg = await api.lossCurvesPlot([
        { d: 800, flops, loss: [1, 0.1, 0.01, 0.00101] },
        { d: 1600, flops, loss: [1, 0.1, 0.01, 0.001] },
      ]);
      const host = document.createElement('div');
      host.id = 'label-check';
      host.innerHTML = svg;
      document.body.append(host);
      const out = [...host.querySelectorAll('text')].filter((t) => /^d=\\d+$/.test(t.textContent))
        .map((t) => { const r = t.getBoundingClientRect(); return { text: t.textContent, top: r.top, bottom: r.bottom }; });
      host.remove();
      return out;
    })()`)) as { text: string; top: number; bottom: number }[];
    expect(boxes.map((b) => b.text).sort()).toEqual(['d=1600', 'd=800']);
    const [a, b] = boxes;
    expect(a.bottom <= b.top || b.bottom <= a.top, JSON.stringify(boxes)).toBe(true);
  });

  it("refuses alpha = 5 (above the input's maximum of 3) with a visible message and runs nothing", async (ctx) => {
    ctx.skip(!haveChromium, SKIP_REASON);
    await page.fill('#alpha', '5');
    await page.click('#run');
    expect(await page.getAttribute('#results', 'data-state')).toBe('invalid');
    expect(await page.textContent('#status')).toMatch(/α = 5 is out of range: the explorer takes α from 0\.01 to 3/);
    expect(await page.isVisible('#warnings li')).toBe(true);
    expect(await page.getAttribute('#alpha', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#r-eta')).toBe('–');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-out-of-range.png'), fullPage: true });
    await page.fill('#alpha', '-1');
    await page.click('#run');
    expect(await page.textContent('#status')).toMatch(/α = -1 is out of range/);
    await page.fill('#alpha', String(POINT.alpha));
  });

  it('the determinism table is the same in Chromium (worker, inline bundle; page, URL bundle) as in Node', async (ctx) => {
    ctx.skip(!haveChromium, SKIP_REASON);
    const node = await computeHashes();
    const worker = await page.evaluate(() => window.plrfHashes());
    // The URL bundle on the page's main thread: fetches dist/wasm/plrf.wasm under the CSP.
    // (A string, not a function: vitest would rewrite a function's import() for Node.)
    const main = await page.evaluate(`(async () => {
      const api = await import('/dist/plrf-url.js');
      const { computeHashes } = await import('/web/hashes.js');
      return { ...(await computeHashes(api)), simd: api.isSimd() };
    })()`);
    console.log(
      `determinism table (SHA-256 of little-endian f64 bytes)\n  rng           ${node.rng}\n  sgd           ${node.sgd}\n  deterministic ${node.deterministic}` +
        `\n  Chromium worker: ${JSON.stringify(worker) === JSON.stringify(node) ? 'identical' : JSON.stringify(worker)}`,
    );
    expect(worker).toEqual(node);
    expect(main).toEqual({ ...node, simd: true });
    expect(await page.textContent('#h-rng')).toBe(node.rng);
    await screenshot(); // now with the table filled in
  });

  it('made no request beyond the local server and logged no error', async (ctx) => {
    ctx.skip(!haveChromium, SKIP_REASON);
    expect(external).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('opened as a file:// page, explains on the page how to serve it', async (ctx) => {
    ctx.skip(!haveChromium, SKIP_REASON);
    const filePage = await context!.newPage();
    try {
      await filePage.goto(new URL('../../web/index.html', import.meta.url).href);
      await filePage.waitForSelector('#file-notice', { timeout: 30_000 });
      expect(await filePage.textContent('#file-notice')).toMatch(/npm run serve/);
      expect(await filePage.textContent('#diagram')).not.toMatch(/Drawing the phase diagram/);
      expect(await filePage.textContent('#status')).toMatch(/npm run serve/);
      mkdirSync(ARTIFACTS, { recursive: true });
      await filePage.screenshot({ path: join(ARTIFACTS, 'explorer-file.png') });
    } finally {
      await filePage.close();
    }
  });
});
