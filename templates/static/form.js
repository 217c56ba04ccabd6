// The browser form of a unit: while a value is typed, the band it falls
// in is asked of the service (the same rule as the scored workbook) and
// shown beside it. Without this script the band shows once the form is
// sent.
(function () {
  "use strict";
  var form = document.querySelector("form.entry-form");
  if (!form) { return; }
  var url = form.dataset.preview;
  var timers = {};
  function show(out, b) {
    out.className = "band-preview" + (b.band ? " band band-" + b.band : "");
    if (b.band) {
      out.textContent = b.label + " · " + b.score + (b.needs_note ? " · nota obbligatoria" : "");
    } else {
      out.textContent = b.error || "";
    }
  }
  form.addEventListener("input", function (e) {
    var input = e.target;
    if (input.name !== "value") { return; }
    var code = input.dataset.code;
    var out = document.getElementById("fascia-" + code);
    clearTimeout(timers[code]);
    timers[code] = setTimeout(function () {
      if (input.value.trim() === "") { show(out, {}); return; }
      var q = url + "?code=" + encodeURIComponent(code) + "&value=" + encodeURIComponent(input.value);
      fetch(q, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : {}; })
        .then(function (b) { show(out, b); })
        .catch(function () {});
    }, 250);
  });
})();
