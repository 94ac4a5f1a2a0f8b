// tqcheck report: filters and keyboard navigation. The page works without this script except the filters.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tbody.seg"));
  var toolbar = document.getElementById("toolbar");
  var onlyFlagged = document.getElementById("only-flagged");
  var kindFilter = document.getElementById("kind-filter");
  var shown = document.getElementById("shown");
  if (!toolbar) { return; }
  toolbar.hidden = false;

  function kindsOf(row) {
    var kinds = row.getAttribute("data-kinds");
    return kinds ? kinds.split(" ") : [];
  }

  function applyFilters() {
    var kind = kindFilter.value, count = 0;
    rows.forEach(function (row) {
      var flagged = row.classList.contains("flagged");
      var visible = (!onlyFlagged.checked || flagged) && (!kind || kindsOf(row).indexOf(kind) >= 0);
      row.hidden = !visible;
      if (visible) { count += 1; }
      var mark = document.querySelector('.minimap a[href="#' + row.id + '"]');
      if (mark) { mark.style.opacity = visible ? "" : "0.25"; }
    });
    shown.textContent = count + " of " + rows.length + " rows shown";
  }

  function problems() {
    return rows.filter(function (row) { return !row.hidden && row.classList.contains("flagged"); });
  }

  function toolbarBottom() {
    return toolbar.getBoundingClientRect().bottom;
  }

  function go(step) {
    var list = problems();
    if (!list.length) { return; }
    var current = list.indexOf(document.activeElement);
    var target;
    if (current >= 0) {
      target = list[Math.min(Math.max(current + step, 0), list.length - 1)];
    } else {
      var edge = toolbarBottom() + 1;
      var ahead = list.filter(function (row) { return row.getBoundingClientRect().top > edge; });
      var behind = list.filter(function (row) { return row.getBoundingClientRect().top <= edge; });
      target = step > 0 ? (ahead[0] || list[list.length - 1]) : (behind[behind.length - 1] || list[0]);
    }
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
  }

  onlyFlagged.addEventListener("change", applyFilters);
  kindFilter.addEventListener("change", applyFilters);
  document.getElementById("next-problem").addEventListener("click", function () { go(1); });
  document.getElementById("prev-problem").addEventListener("click", function () { go(-1); });
  Array.prototype.forEach.call(document.querySelectorAll(".count-table tr[data-kind]"), function (tr) {
    tr.style.cursor = "pointer";
    tr.title = "show only rows with this flag";
    tr.addEventListener("click", function () {
      kindFilter.value = tr.getAttribute("data-kind");
      applyFilters();
      toolbar.scrollIntoView({ block: "start" });
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target || {}, tag = target.tagName || "";
    var typing = tag === "SELECT" || tag === "TEXTAREA" || target.isContentEditable ||
      (tag === "INPUT" && ["checkbox", "radio", "button", "submit", "reset"].indexOf(target.type) < 0);
    if (typing) { return; }
    if (event.key === "j" || event.key === "n") { go(1); event.preventDefault(); }
    if (event.key === "k" || event.key === "p") { go(-1); event.preventDefault(); }
  });
  applyFilters();
})();
