// A classic (non-module) script, so that it runs where the module app.js cannot: opened as a
// file:// page, Chromium and Firefox refuse to load ES modules and Web Workers, and the page would
// wait forever on "Drawing the phase diagram...". Say on the page why and how to serve it.
(function () {
  if (location.protocol !== 'file:') return;
  function explain() {
    const text =
      'This page cannot run from a file: browsers do not load its JavaScript modules, ' +
      'WebAssembly and Web Worker from file:// addresses. Serve it instead: in the plrf folder run ' +
      '"npm run build" once, then "npm run serve", and open the address it prints (http://127.0.0.1:8080/).';
    const host = document.getElementById('diagram');
    if (host) {
      const p = document.createElement('p');
      p.className = 'notice';
      p.id = 'file-notice';
      p.setAttribute('role', 'alert');
      p.textContent = text;
      host.replaceChildren(p);
    }
    const status = document.getElementById('status');
    if (status) status.textContent = 'Not served: see the note on the phase diagram (npm run serve).';
    const engine = document.getElementById('engine-kind');
    if (engine) engine.textContent = 'not loaded (file:// page; run npm run serve)';
    document.body.dataset.ready = 'file';
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', explain);
  else explain();
})();
