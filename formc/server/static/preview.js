/* preview.js: reload the page when the preview server has reloaded the definitions.
   An external script (the preview runs under a strict Content-Security-Policy): it polls
   /_formc/generation and compares it with the generation its own URL carries (?g=N). */
(function () {
  "use strict";
  var me = document.currentScript, src = new URL(me.src), seen = src.searchParams.get("g");
  var url = new URL("generation", src);
  function poll() {
    fetch(url, { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (d) {
      if (String(d.generation) !== seen) window.location.replace(window.location.href);
      else window.setTimeout(poll, 400);
    }, function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 400);
})();
