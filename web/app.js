// The plrf explorer page: the phase diagram (click to pick a point), the phase and predicted
// exponents at once, then the measured front, computed in a Web Worker (worker.js) with progress,
// and its plots, drawn here with the page's document.
//
// With the optimizer choice "SGD and DANA-decay", the worker measures DANA-decay's front after SGD's
// (same d grid and flops range) and the page shows both: the measured exponents side by side, the
// predicted ones of DANA-decay being plrf's derivation (danaDecayExponents), not the paper's.
//
// For tests and the curious: window.plrfLastResult holds the raw numbers of the last finished front
// (and, under `compare`, those of the compared optimizer's),
// window.plrfHashes() resolves to the determinism table, #results[data-state] is idle | running |
// done | error | invalid.

import { classifyPhase, danaDecayExponents, frontPlot, init, lossCurvesPlot, phaseDiagram } from '../dist/plrf.js';

const DIAGRAM = { alpha: [0.05, 1.5], beta: [-0.2, 1.6] };
const $ = (id) => document.getElementById(id);
const form = $('point');
const results = $('results');

// ---- the worker ----------------------------------------------------------------------------

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let nextId = 1;
let current = null; // { id, alpha, beta, d, compare, stage, fraction, pass } of the run shown
const hashRequests = new Map(); // id -> { resolve, reject }

worker.onmessage = (event) => {
  const msg = event.data;
  if (msg.type === 'ready') {
    $('engine-kind').textContent = `Wasm core: ${msg.simd ? 'SIMD' : 'scalar'} build, in a Web Worker`;
  } else if (msg.type === 'progress') {
    if (current?.id === msg.id) {
      // measureFront computes the curves once, then again over a wider flops range until the front
      // is interior over two decades: its fraction steps back at each new pass (and reports a 0
      // between curves, skipped here).
      // With a compared optimizer the bar runs once per front (msg.stage: 'sgd', then the optimizer).
      if ((msg.stage ?? 'sgd') !== current.stage) Object.assign(current, { stage: msg.stage, fraction: 0, pass: 1 });
      const f = msg.fraction;
      if (f === 0 && current.fraction > 0) return;
      if (f < current.fraction - 0.2) current.pass++;
      current.fraction = f;
      $('progress').value = f;
      const what = current.stage === 'sgd' ? 'the loss curves' : `the ${current.stage} curves`;
      const step = current.compare ? ` (front ${current.stage === 'sgd' ? 1 : 2} of 2)` : '';
      $('status').textContent =
        current.pass === 1
          ? `Computing ${what}${step}… ${Math.round(100 * f)}%`
          : `Extending ${what} to more flops (pass ${current.pass})${step}… ${Math.round(100 * f)}%`;
    }
  } else if (msg.type === 'front') {
    if (current?.id === msg.id) showFront(msg);
  } else if (msg.type === 'hashes') {
    hashRequests.get(msg.id)?.resolve(msg.hashes);
    hashRequests.delete(msg.id);
  } else if (msg.type === 'error') {
    if (hashRequests.has(msg.id)) {
      hashRequests.get(msg.id).reject(new Error(msg.message));
      hashRequests.delete(msg.id);
    } else if (msg.id === null || current?.id === msg.id) {
      // ABORTED comes back for a run that was replaced or cancelled: nothing to report then.
      if (msg.code !== 'ABORTED') fail(msg.message);
      else if (current?.id === msg.id) finishRun('idle', 'Cancelled.');
    }
  }
};
worker.onerror = (event) => fail(`the worker failed: ${event.message ?? 'could not load worker.js'}`);

// ---- the phase diagram: drawn once, a marker moves ------------------------------------------

let diagramSvg = null; // the nested <svg> of the diagram itself (the legend is another one)

/** A linear map screen -> data along one axis, from the axis's tick marks and their labels. */
function axisMap(axis) {
  const ticks = [...diagramSvg.querySelectorAll(`[aria-label="${axis}-axis tick"] path`)];
  const labels = [...diagramSvg.querySelectorAll(`[aria-label="${axis}-axis tick label"] text`)];
  const pts = ticks
    .map((t, i) => {
      const r = t.getBoundingClientRect();
      return {
        px: axis === 'x' ? r.left + r.width / 2 : r.top + r.height / 2,
        value: Number(labels[i]?.textContent.replace('\u2212', '-')),
      };
    })
    .filter((p) => Number.isFinite(p.value));
  if (pts.length < 2) return null;
  const a = pts[0],
    b = pts[pts.length - 1];
  const slope = (b.value - a.value) / (b.px - a.px);
  return { toValue: (px) => a.value + (px - a.px) * slope, toPx: (v) => a.px + (v - a.value) / slope };
}

function eventToPoint(event) {
  const mx = axisMap('x'),
    my = axisMap('y');
  if (!mx || !my) return null;
  const alpha = round2(mx.toValue(event.clientX)),
    beta = round2(my.toValue(event.clientY));
  const inside = alpha >= DIAGRAM.alpha[0] && alpha <= DIAGRAM.alpha[1] && beta >= DIAGRAM.beta[0] && beta <= DIAGRAM.beta[1];
  return inside ? { alpha, beta } : null;
}

const round2 = (x) => Math.round(x * 100) / 100 + 0; // + 0: no -0

function placeMarker(alpha, beta) {
  if (!diagramSvg) return;
  const mx = axisMap('x'),
    my = axisMap('y');
  let marker = diagramSvg.querySelector('#marker');
  if (!marker) {
    marker = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
    marker.id = 'marker';
    marker.setAttribute('r', '7');
    diagramSvg.append(marker);
  }
  // Screen -> the diagram's own user space, whatever the CSS scaling.
  const p = new DOMPoint(mx.toPx(alpha), my.toPx(beta)).matrixTransform(diagramSvg.getScreenCTM().inverse());
  marker.setAttribute('cx', String(p.x));
  marker.setAttribute('cy', String(p.y));
  marker.toggleAttribute(
    'hidden',
    !(alpha >= DIAGRAM.alpha[0] && alpha <= DIAGRAM.alpha[1] && beta >= DIAGRAM.beta[0] && beta <= DIAGRAM.beta[1]),
  );
}

async function drawDiagram() {
  const host = $('diagram');
  host.innerHTML = await phaseDiagram({ alpha: DIAGRAM.alpha, beta: DIAGRAM.beta, resolution: 100 });
  diagramSvg = [...host.querySelectorAll('svg svg')].find((s) => s.querySelector('[aria-label="y-axis tick"]')) ?? null;
  if (!diagramSvg) return;
  diagramSvg.classList.add('clickable');
  diagramSvg.addEventListener('click', (event) => {
    const p = eventToPoint(event);
    if (!p) return;
    $('alpha').value = String(p.alpha);
    $('beta').value = String(p.beta);
    start();
  });
  diagramSvg.addEventListener('mousemove', (event) => {
    const p = eventToPoint(event);
    if (!p) {
      $('hover').innerHTML = '&nbsp;';
      return;
    }
    const info = classifyPhase(p.alpha, p.beta);
    $('hover').textContent =
      `α = ${p.alpha.toFixed(2)}, β = ${p.beta.toFixed(2)}: ${phaseName(info)}${info.eta === null ? '' : `, η = ${fmt(info.eta)}, ξ = ${fmt(info.xi)}`}`;
  });
  diagramSvg.addEventListener('mouseleave', () => {
    $('hover').innerHTML = '&nbsp;';
  });
}

// ---- a run ---------------------------------------------------------------------------------

const fmt = (x, digits = 3) => (x === null || x === undefined ? '–' : x.toFixed(digits));
const fmtCI = (c) => (c === null || c === undefined ? '[n/a]' : `[${fmt(c[0])}, ${fmt(c[1])}]`);
const phaseName = (info) => (info.phase === 'none' ? 'no power law (α + β ≤ 1/2)' : `phase ${info.phase}`);

/**
 * The point typed in the form, or { error } naming the allowed range: the inputs' own min and max
 * (α in [0.01, 3], β in [-1, 3]). Out-of-range values are refused, not run (α = 5 would take
 * seconds and measure an exponent far from the prediction, outside what the page can resolve).
 */
function readPoint() {
  const d = $('dgrid').value.split(',').map(Number);
  const out = { d, compare: $('optimizer').value === 'sgd' ? null : $('optimizer').value };
  for (const [id, name] of [
    ['alpha', 'α'],
    ['beta', 'β'],
  ]) {
    const input = $(id);
    const lo = Number(input.min),
      hi = Number(input.max);
    const text = input.value.trim();
    const x = Number(text);
    input.removeAttribute('aria-invalid');
    if (text === '' || !Number.isFinite(x) || x < lo || x > hi) {
      input.setAttribute('aria-invalid', 'true');
      return {
        error: `${name} = ${text === '' ? '(empty)' : text} is out of range: the explorer takes ${name} from ${lo} to ${hi}. For other values use the command line (plrf frontier).`,
      };
    }
    out[id] = x;
  }
  return out;
}

/** Fill the phase and predicted exponents of the table (no run). */
function showPhase(p) {
  const info = classifyPhase(p.alpha, p.beta);
  $('r-phase').textContent =
    `${phaseName(info)}${info.tradeoff ? ` (${info.tradeoff})` : ''}${info.onBoundary ? `, on the boundary of ${info.neighbours.join(', ')}` : ''}`;
  $('r-xi-th').textContent = fmt(info.xi);
  $('r-eta-th').textContent = fmt(info.eta);
  for (const row of document.querySelectorAll('#results tr.compare')) row.hidden = !p.compare;
  $('compare-panel').hidden = !p.compare;
  if (p.compare) {
    const dana = danaDecayExponents(p.alpha, p.beta);
    $('c-xi-th').textContent = fmt(dana.xi);
    $('c-eta-th').textContent = fmt(dana.eta);
  }
  return info;
}

function setState(state, alpha, beta) {
  results.dataset.state = state;
  if (alpha !== undefined) {
    results.dataset.alpha = String(alpha);
    results.dataset.beta = String(beta);
  }
}

// The page classifies points itself (the phase diagram, the hover text): its own core instance.
const coreReady = init();

async function start() {
  await coreReady;
  const p = readPoint();
  if (p.error) {
    if (current) worker.postMessage({ type: 'cancel', id: current.id });
    current = null;
    for (const id of ['r-phase', 'r-xi-th', 'r-eta-th', 'r-xi', 'r-eta', 'r-window', 'c-xi', 'c-eta']) $(id).textContent = '–';
    $('warnings').replaceChildren(Object.assign(document.createElement('li'), { textContent: p.error }));
    fail(p.error, 'invalid');
    return;
  }
  if (current) worker.postMessage({ type: 'cancel', id: current.id });
  current = null;
  const info = showPhase(p);
  placeMarker(p.alpha, p.beta);
  for (const id of ['r-xi', 'r-eta', 'r-window', 'c-xi', 'c-eta']) $(id).textContent = '…';
  $('warnings').replaceChildren();
  if (info.phase === 'none') {
    for (const id of ['r-xi', 'r-eta', 'r-window', 'c-xi', 'c-eta']) $(id).textContent = '–';
    setState('invalid', p.alpha, p.beta);
    $('status').textContent = 'No power law here: the model needs α + β > 1/2.';
    $('progress').value = 0;
    return;
  }
  current = { id: nextId++, ...p, stage: 'sgd', fraction: 0, pass: 1 };
  setState('running', p.alpha, p.beta);
  $('progress').value = 0;
  $('status').textContent = 'Computing the loss curves…';
  $('cancel').hidden = false;
  worker.postMessage({ type: 'front', id: current.id, alpha: p.alpha, beta: p.beta, d: p.d, compare: p.compare });
}

function finishRun(state, status) {
  for (const id of ['r-xi', 'r-eta', 'r-window', 'c-xi', 'c-eta']) if ($(id).textContent === '…') $(id).textContent = '–';
  $('cancel').hidden = true;
  $('status').textContent = status;
  if (state !== 'done') $('progress').value = 0;
  setState(state);
  current = null;
}

function fail(message, state = 'error') {
  finishRun(state, message);
}

async function showFront({ result: r, digest, elapsedMs, compare }) {
  const run = current;
  const m = r.measured;
  $('r-xi').textContent = `${fmt(m.xi)} ${fmtCI(m.xiCI)}`;
  $('r-eta').textContent = `${fmt(m.eta)} ${fmtCI(m.etaCI)}`;
  $('r-window').textContent = `${m.window[0].toExponential(1)} … ${m.window[1].toExponential(1)} flops (Approach ${m.approach})`;
  const warnings = [...r.warnings, ...(compare ? compare.result.warnings.map((w) => `${compare.optimizer}: ${w}`) : [])];
  $('warnings').replaceChildren(...warnings.map((w) => Object.assign(document.createElement('li'), { textContent: w })));
  if (compare) {
    const c = compare.result.measured;
    $('c-xi').textContent = `${fmt(c.xi)} ${fmtCI(c.xiCI)}`;
    $('c-eta').textContent = `${fmt(c.eta)} ${fmtCI(c.etaCI)}`;
  }
  const { alpha, beta, d } = run;
  const curvesSvg = await lossCurvesPlot(r.curves.map((c) => ({ d: c.d, flops: c.flops, loss: c.loss })));
  const frontSvg = await frontPlot(r);
  const compareSvg = compare ? await frontPlot(compare.result) : null;
  if (current !== run) return; // another point was picked meanwhile
  $('curves').innerHTML = curvesSvg;
  $('front').innerHTML = frontSvg;
  if (compareSvg) $('front-compare').innerHTML = compareSvg;
  window.plrfLastResult = {
    alpha,
    beta,
    d,
    phase: r.phase,
    theory: r.theory,
    flops: r.flops,
    warnings: r.warnings,
    digest,
    elapsedMs,
    measured: { approach: m.approach, window: m.window, interior: m.interior, xi: m.xi, eta: m.eta, xiCI: m.xiCI, etaCI: m.etaCI },
    compare: compare ? measuredOf(compare) : null,
  };
  const also = compare ? `; DANA-decay front in ${(compare.elapsedMs / 1000).toFixed(1)} s` : '';
  finishRun('done', `Done in ${(elapsedMs / 1000).toFixed(1)} s (d = ${d.join(', ')}; deterministic equivalent${also}).`);
  $('progress').value = 1;
}

/** The raw numbers of a compared optimizer's front, for window.plrfLastResult. */
function measuredOf({ optimizer, result, digest, elapsedMs }) {
  const m = result.measured;
  return {
    optimizer,
    theory: result.theory,
    flops: result.flops,
    warnings: result.warnings,
    digest,
    elapsedMs,
    measured: { approach: m.approach, window: m.window, interior: m.interior, xi: m.xi, eta: m.eta, xiCI: m.xiCI, etaCI: m.etaCI },
  };
}

// ---- the determinism table -----------------------------------------------------------------

/** The determinism table { rng, sgd, deterministic } from the worker; also shown on the page. */
window.plrfHashes = () =>
  new Promise((resolve, reject) => {
    const id = `h${nextId++}`;
    $('hashes').dataset.state = 'running';
    hashRequests.set(id, {
      resolve: (h) => {
        for (const k of ['rng', 'sgd', 'deterministic']) $(`h-${k}`).textContent = h[k];
        $('hashes').dataset.state = 'done';
        resolve(h);
      },
      reject: (e) => {
        $('hashes').dataset.state = 'error';
        reject(e);
      },
    });
    worker.postMessage({ type: 'hashes', id });
  });

// ---- wiring --------------------------------------------------------------------------------

form.addEventListener('submit', (event) => {
  event.preventDefault();
  start();
});
$('optimizer').addEventListener('change', () => {
  const p = readPoint();
  if (!p.error) showPhase(p); // show or hide DANA-decay's rows before the run
});
$('cancel').addEventListener('click', () => {
  if (current) worker.postMessage({ type: 'cancel', id: current.id });
});
$('hash-button').addEventListener('click', () => {
  window.plrfHashes().catch(() => {});
});
window.addEventListener('resize', () => {
  const p = readPoint();
  if (!p.error) placeMarker(p.alpha, p.beta);
});

drawDiagram()
  .then(() => {
    const p = readPoint();
    if (!p.error) {
      placeMarker(p.alpha, p.beta);
      showPhase(p); // the default point's phase and predicted exponents, before any click
    }
    document.body.dataset.ready = 'true';
  })
  .catch((e) => {
    $('diagram').textContent = `Could not draw the phase diagram: ${e.message}`;
  });
