/* formc intake server: "save and continue later" posts the form as it is, without the browser's validation.
   A capture-phase listener on the document runs before formc.js's own submit listener on the form and keeps
   that listener from blocking a half-filled draft. Served from /static/ (no inline script: strict CSP). */
(function () {
  "use strict";
  document.addEventListener("submit", function (ev) {
    var by = ev.submitter;
    if (by && by.hasAttribute("data-formc-save")) ev.stopPropagation();
  }, true);
  // The completion funnel: one anonymous count when a citizen first types in a form (no cookie, no data).
  var counted = false;
  document.addEventListener("input", function (ev) {
    var form = ev.target && ev.target.form;
    if (counted || !form || !navigator.sendBeacon) return;
    counted = true;
    navigator.sendBeacon(new URL("started", form.action).href);
  }, true);
})();
