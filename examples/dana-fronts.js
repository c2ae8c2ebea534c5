/* global process, console */
// The compute-optimal front of SGD against DANA-decay, one panel per (alpha, beta), from the JSON of
// `plrf frontier --json` (see docs/model.md §10):
//
//   plrf frontier --alpha 1 --beta 0.7 --d 100:1600:x2 --method finite --seeds 1 --json > II-sgd.json
//   plrf frontier ... --optimizer dana-decay --json > II-dana.json
//   node examples/dana-fronts.js fronts.svg II-sgd.json II-dana.json [more pairs: sgd then dana-decay]
//
// Each panel: the measured front P*(f) of both optimizers (points), the fitted power laws over the fit
// window (lines) and the exponents, measured and predicted (DANA-decay's: plrf's derivation).
import { readFileSync, writeFileSync } from 'node:fs';

const [out, ...files] = process.argv.slice(2);
if (!out || files.length < 2 || files.length % 2) {
  console.error('usage: node examples/dana-fronts.js OUT.svg SGD.json DANA.json [SGD.json DANA.json ...]');
  process.exit(2);
}
const pairs = [];
for (let i = 0; i < files.length; i += 2) pairs.push([files[i], files[i + 1]].map((f) => JSON.parse(readFileSync(f, 'utf8'))));

const W = 360, H = 300, M = { l: 58, r: 12, t: 34, b: 44 };
const colours = ['#1f77b4', '#d62728'];
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
const panels = pairs.map(([sgd, dana], k) => {
  const all = [...sgd.front, ...dana.front];
  const lx = all.map((p) => Math.log10(p.flops)), ly = all.map((p) => Math.log10(p.loss));
  const x0 = Math.min(...lx), x1 = Math.max(...lx), y0 = Math.min(...ly) - 0.1, y1 = Math.max(...ly) + 0.1;
  const X = (f) => M.l + ((Math.log10(f) - x0) / (x1 - x0)) * (W - M.l - M.r);
  const Y = (p) => M.t + ((y1 - Math.log10(p)) / (y1 - y0)) * (H - M.t - M.b);
  const parts = [`<g transform="translate(${k * W},0)">`, `<rect x="${M.l}" y="${M.t}" width="${W - M.l - M.r}" height="${H - M.t - M.b}" fill="none" stroke="#999"/>`];
  for (let e = Math.ceil(x0); e <= Math.floor(x1); e++) {
    parts.push(`<text x="${X(10 ** e)}" y="${H - M.b + 14}" font-size="10" text-anchor="middle">1e${e}</text>`);
  }
  for (let e = Math.ceil(y0); e <= Math.floor(y1); e++) parts.push(`<text x="${M.l - 4}" y="${Y(10 ** e) + 3}" font-size="10" text-anchor="end">1e${e}</text>`);
  parts.push(`<text x="${(W + M.l) / 2}" y="${H - 8}" font-size="11" text-anchor="middle">flops f = r·d·B</text>`);
  parts.push(`<text x="12" y="${H / 2}" font-size="11" transform="rotate(-90 12 ${H / 2})" text-anchor="middle">P*(f)</text>`);
  parts.push(`<text x="${M.l}" y="16" font-size="12">(alpha, beta) = (${sgd.phase.alpha}, ${sgd.phase.beta}), phase ${sgd.phase.phase}</text>`);
  [sgd, dana].forEach((r, j) => {
    for (const p of r.front) parts.push(`<circle cx="${X(p.flops)}" cy="${Y(p.loss)}" r="1.6" fill="${colours[j]}"/>`);
    // The fitted power law over the fit window, through the front's geometric centre there.
    const inWin = r.front.filter((p) => p.flops >= r.measured.window[0] && p.flops <= r.measured.window[1]);
    if (inWin.length > 1) {
      const mx = inWin.reduce((s, p) => s + Math.log10(p.flops), 0) / inWin.length;
      const my = inWin.reduce((s, p) => s + Math.log10(p.loss), 0) / inWin.length;
      const at = (f) => 10 ** (my - r.measured.eta * (Math.log10(f) - mx));
      const [a, b] = r.measured.window;
      parts.push(`<line x1="${X(a)}" y1="${Y(at(a))}" x2="${X(b)}" y2="${Y(at(b))}" stroke="${colours[j]}" stroke-width="1.5"/>`);
    }
    const name = j === 0 ? 'SGD' : 'DANA-decay';
    const pred = r.theory.eta === null ? '-' : r.theory.eta.toFixed(3);
    parts.push(`<text x="${M.l + 6}" y="${H - M.b - 22 + 13 * j}" font-size="10.5" fill="${colours[j]}">${esc(name)}: eta ${r.measured.eta.toFixed(3)} (predicted ${pred})</text>`);
  });
  parts.push('</g>');
  return parts.join('\n');
});
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W * pairs.length}" height="${H}" font-family="sans-serif">\n` +
  `<rect width="100%" height="100%" fill="white"/>\n${panels.join('\n')}\n</svg>\n`;
writeFileSync(out, svg);
console.log(`wrote ${out}`);
