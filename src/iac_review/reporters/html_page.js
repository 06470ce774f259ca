/* iac-review HTML report: severity and category filters. No network, no libraries.
 *
 * Every finding card (.finding) carries data-severity and data-category. An
 * unticked filter hides the cards it names; anything that points at cards
 * (code markers, hunk references, summary rows: [data-for="id id ..."]) is
 * hidden when all the cards it points at are hidden. Each reviewed input
 * (.input-review) has its own filters.
 */
(function () {
  "use strict";

  function unticked(scope, attr) {
    var off = {};
    scope.querySelectorAll("input[" + attr + "]").forEach(function (box) {
      if (!box.checked) { off[box.getAttribute(attr)] = true; }
    });
    return off;
  }

  function update(scope) {
    var offSeverity = unticked(scope, "data-filter-severity");
    var offCategory = unticked(scope, "data-filter-category");
    var shown = 0;
    var visible = {};
    scope.querySelectorAll(".finding").forEach(function (card) {
      var hide = offSeverity[card.getAttribute("data-severity")] === true ||
                 offCategory[card.getAttribute("data-category")] === true;
      card.hidden = hide;
      if (!hide) { shown += 1; visible[card.id] = true; }
    });
    scope.querySelectorAll("[data-for]").forEach(function (el) {
      var ids = el.getAttribute("data-for").split(" ");
      el.hidden = !ids.some(function (id) { return visible[id] === true; });
    });
    scope.querySelectorAll("tr[data-marked]").forEach(function (row) {
      row.classList.toggle("lit", row.querySelector(".marker:not([hidden])") !== null);
    });
    scope.querySelectorAll("[data-visible-count]").forEach(function (el) {
      el.textContent = String(shown);
    });
  }

  function setAll(scope, checked) {
    scope.querySelectorAll("input[data-filter-severity], input[data-filter-category]").forEach(function (box) {
      box.checked = checked;
    });
    update(scope);
  }

  document.querySelectorAll(".input-review").forEach(function (scope) {
    scope.addEventListener("change", function (event) {
      var t = event.target;
      if (t.hasAttribute("data-filter-severity") || t.hasAttribute("data-filter-category")) { update(scope); }
    });
    scope.querySelectorAll("button[data-filter-all]").forEach(function (button) {
      button.addEventListener("click", function () {
        setAll(scope, button.getAttribute("data-filter-all") === "on");
      });
    });
    update(scope);
  });
}());

/* Folded code: a gap row's button shows the lines it stands for, once. */
(function () {
  "use strict";
  document.querySelectorAll("button[data-reveal]").forEach(function (button) {
    button.addEventListener("click", function () {
      var gap = button.getAttribute("data-reveal");
      document.querySelectorAll('tr[data-in-gap="' + gap + '"]').forEach(function (row) { row.hidden = false; });
      var row = button.closest("tr");
      if (row) { row.hidden = true; }
    });
  });
}());
