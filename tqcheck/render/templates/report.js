// tqcheck report: filters and keyboard navigation. The page works without this script except the filters.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tbody.seg"));
  var toolbar = document.getElementById("toolbar");
  var onlyFlagged = document.getElementById("only-flagged");
  var kindFilter = document.getElementById("kind-filter");
  var shown = document.getElementById("shown");
  var marks = Array.prototype.slice.call(document.querySelectorAll(".minimap a.mm"));
  var view = document.querySelector(".minimap .mm-view");
  var last = null;  // the problem row the keys went to last
  if (!toolbar) { return; }
  toolbar.hidden = false;

  function kindsOf(row) {
    var kinds = row.getAttribute("data-kinds");
    return kinds ? kinds.split(" ") : [];
  }

  // The row the reader is at: the last problem the keys went to if it is on screen, else the top row on screen.
  function anchorRow() {
    if (last && !last.hidden && onScreen(last)) { return last; }
    var edge = topEdge();
    for (var i = 0; i < rows.length; i += 1) {
      if (!rows[i].hidden && rows[i].getBoundingClientRect().bottom > edge) {
        return rows[i].getBoundingClientRect().top < window.innerHeight ? rows[i] : null;
      }
    }
    return null;
  }

  function applyFilters(keepPlace) {
    var kind = kindFilter.value, count = 0, anchor = keepPlace === false ? null : anchorRow();
    var before = anchor ? anchor.getBoundingClientRect().top : 0;
    rows.forEach(function (row) {
      var flagged = row.classList.contains("flagged");
      var visible = (!onlyFlagged.checked || flagged) && (!kind || kindsOf(row).indexOf(kind) >= 0);
      row.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.textContent = count + " of " + rows.length + " rows shown";
    stickHeader();  // the toolbar may have changed height
    var at = anchor ? rows.indexOf(anchor) : -1;
    while (at >= 0 && at < rows.length && rows[at].hidden) { at += 1; }
    if (at >= 0 && at < rows.length) {  // keep the reader's place: that row (or the next shown) stays where it was
      var goal = rows[at] === anchor ? before : Math.max(before, topEdge());
      window.scrollBy(0, rows[at].getBoundingClientRect().top - goal);
    }
    layoutMap();
  }

  // With the script, the map places each problem where its row really is and shows the part on screen.
  function layoutMap() {
    var height = document.documentElement.scrollHeight;
    var places = marks.map(function (mark) {  // measure everything first, then write: one layout, not one per mark
      var row = document.getElementById(mark.getAttribute("href").slice(1));
      if (!row || row.hidden) { return null; }
      var box = row.getBoundingClientRect();
      return (100 * (box.top + window.scrollY + box.height / 2) / height).toFixed(2) + "%";
    });
    marks.forEach(function (mark, i) {
      mark.hidden = places[i] === null;
      if (places[i] !== null) { mark.style.top = places[i]; }
    });
    showView();
  }

  function stickHeader() {  // the column headings stay under the sticky toolbar
    document.documentElement.style.setProperty("--toolbar-height", toolbar.offsetHeight + "px");
  }

  function showView() {
    var height = document.documentElement.scrollHeight;
    view.hidden = false;
    view.style.top = (100 * window.scrollY / height).toFixed(2) + "%";
    view.style.height = (100 * Math.min(window.innerHeight / height, 1)).toFixed(2) + "%";
  }

  function problems() {
    return rows.filter(function (row) { return !row.hidden && row.classList.contains("flagged"); });
  }

  // Where the rows start on screen: under the sticky toolbar and column headings.
  function topEdge() {
    var heading = document.querySelector(".segments thead th");
    var bottom = toolbar.getBoundingClientRect().bottom;
    return heading ? Math.max(bottom, heading.getBoundingClientRect().bottom) : bottom;
  }

  function onScreen(row) {
    var box = row.getBoundingClientRect();
    return box.bottom > topEdge() && box.top < window.innerHeight;
  }

  function go(step) {
    var list = problems();
    if (!list.length) { return; }
    var current = list.indexOf(document.activeElement);
    if (current < 0 && last && onScreen(last)) { current = list.indexOf(last); }
    var target;
    if (current >= 0) {
      target = list[Math.min(Math.max(current + step, 0), list.length - 1)];
    } else {
      var edge = topEdge() - 2;  // a row starting right under the headings is the next one, not a passed one
      var ahead = list.filter(function (row) { return row.getBoundingClientRect().top >= edge; });
      var behind = list.filter(function (row) { return row.getBoundingClientRect().top < edge; });
      target = step > 0 ? (ahead[0] || list[list.length - 1]) : (behind[behind.length - 1] || list[0]);
    }
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
    last = target;
  }

  onlyFlagged.addEventListener("change", function () { applyFilters(true); });
  window.addEventListener("scroll", showView, { passive: true });
  window.addEventListener("resize", function () { stickHeader(); layoutMap(); });
  kindFilter.addEventListener("change", function () { applyFilters(true); });
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
  stickHeader();
  applyFilters(false);
})();
