// The mapping page, enhanced: one sheet at a time behind tabs, and a
// column's choice mirrored on the same column (letter and label) of the
// other sheets while «Applica a tutti i fogli con la stessa
// intestazione» is ticked. Without this script every sheet is shown and
// the server applies the same rule when the form is sent.
(function () {
  "use strict";
  var form = document.querySelector("form.mapping-form");
  if (!form) { return; }
  var tabs = Array.prototype.slice.call(form.querySelectorAll(".sheet-tabs [role=tab]"));
  var panels = Array.prototype.slice.call(form.querySelectorAll("section.mapping-sheet"));
  var same = form.querySelector("input[name=stessa-intestazione]");

  function show(index) {
    tabs.forEach(function (t) {
      var on = t.dataset.sheet === String(index);
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
    });
    panels.forEach(function (p, i) { p.hidden = i !== index; });
  }
  if (tabs.length > 1) {
    form.querySelector(".sheet-tabs").hidden = false;
    tabs.forEach(function (t, i) {
      t.addEventListener("click", function () { show(i); });
      t.addEventListener("keydown", function (e) {
        var k = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
        if (k) { var n = (i + k + tabs.length) % tabs.length; show(n); tabs[n].focus(); e.preventDefault(); }
      });
    });
    show(0);
  }

  // mirror gives the same column (letter and label) on every sheet the
  // field just chosen for it
  function mirror(select) {
    if (!same || !same.checked) { return; }
    form.querySelectorAll("select[data-key]").forEach(function (s) {
      if (s !== select && s.dataset.key === select.dataset.key) { s.value = select.value; }
    });
  }
  // checks says, as the server does, what the choices lack
  var box = document.querySelector(".mapping-checks");
  var required = JSON.parse(form.dataset.required || "{}");
  function checks() {
    var have = {}, targets = false;
    form.querySelectorAll("select[data-key]").forEach(function (s) {
      have[s.value] = true;
      targets = targets || /^strategic\.target\.\d{4}$/.test(s.value);
    });
    var out = [];
    Object.keys(required).forEach(function (f) {
      if (!have[f]) { out.push("Nessuna colonna è indicata come «" + required[f] + "»: senza, il piano non si può importare."); }
    });
    if (!have["action.responsible"]) {
      out.push("Nessuna colonna è indicata come «Struttura responsabile»: tutte le azioni andrebbero al Controller, nessuna struttura vedrebbe le proprie.");
    }
    if (!targets) {
      out.push("Nessuna colonna è indicata come «Obiettivo strategico: target» di un anno: gli obiettivi strategici non potrebbero essere giudicati.");
    }
    var ul = box.querySelector("ul");
    ul.textContent = "";
    out.forEach(function (t) { var li = document.createElement("li"); li.textContent = t; ul.appendChild(li); });
    box.hidden = out.length === 0;
  }
  // chosen marks a row the Controller changed: no longer «proposto»
  function chosen(select) {
    var chip = select.parentNode.querySelector(".chip.proposed");
    if (chip) { chip.textContent = "scelto"; chip.className = "chip chosen"; }
  }
  form.addEventListener("change", function (e) {
    if (e.target.matches("select[data-key]")) { chosen(e.target); mirror(e.target); checks(); }
  });
  if (same) {
    // ticked again: each column takes the first choice that reads it
    // (as the server does), «da ignorare» only where every sheet has it
    same.addEventListener("change", function () {
      var first = {};
      form.querySelectorAll("select[data-key]").forEach(function (s) {
        var f = first[s.dataset.key];
        if (!f || f.value === "ignore") { first[s.dataset.key] = s; }
      });
      Object.keys(first).forEach(function (k) { mirror(first[k]); });
    });
  }
})();
