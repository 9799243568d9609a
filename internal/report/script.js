(function () {
  var $ = function (id) { return document.getElementById(id); };
  var rows = Array.prototype.slice.call(document.querySelectorAll("#rows tbody tr"));
  function filter() {
    var st = $("f-status").value, ft = $("f-feature").value, tg = $("f-tag").value;
    var q = $("f-search").value.toLowerCase(), shown = 0;
    rows.forEach(function (r) {
      var d = r.dataset, ok = true;
      if (st === "!passed") ok = d.status !== "passed";
      else if (st === "flaky") ok = d.flaky === "1";
      else if (st) ok = d.status === st;
      if (ok && ft) ok = d.feature === ft;
      if (ok && tg) ok = (" " + d.tags + " ").indexOf(" " + tg + " ") >= 0;
      if (ok && q) ok = (d.feature + " " + d.name).toLowerCase().indexOf(q) >= 0;
      r.hidden = !ok;
      if (ok) shown++;
    });
    $("shown").textContent = shown + " of " + rows.length;
  }
  ["f-status", "f-feature", "f-tag", "f-search"].forEach(function (id) {
    $(id).addEventListener("input", filter);
    $(id).addEventListener("change", filter);
  });

  // Sorting: a click (or Enter/Space, the headings are buttons) on a
  // column's heading sorts the rows by it, again reverses. The rows' keys
  // are read once from their data attributes, the array of rows is sorted
  // and put back in one DocumentFragment: no layout read per row, fast on
  // thousands of rows. Hidden rows stay hidden, so the filters hold. Ties
  // keep the file order.
  var table = $("rows"), tbody = table.tBodies[0], heads = table.querySelectorAll("thead button.sort");
  var rank = {}, items = null, col = "", dir = 0;
  table.querySelector("th[data-order]").dataset.order.split(" ").forEach(function (s, i) { rank[s] = i; });
  // localeCompare's order, one collator for every comparison; numeric:
  // "step 2" before "step 10".
  var text = window.Intl ? new Intl.Collator(undefined, { numeric: true }).compare :
    function (a, b) { return a.localeCompare(b); };
  var by = {
    status: function (a, b) { return a.rank - b.rank; },
    scenario: function (a, b) { return text(a.feature, b.feature) || text(a.name, b.name); },
    location: function (a, b) { return text(a.file, b.file) || a.line - b.line; },
    duration: function (a, b) { return a.duration - b.duration; },
    worker: function (a, b) { return a.worker - b.worker; },
    tags: function (a, b) { return text(a.tags, b.tags); }
  };
  // Empty cells (no duration or worker: never started; no tags) go last
  // either way; the slowest come first on the first click.
  var blank = { duration: true, worker: true, tags: true }, downFirst = { duration: true };
  function item(r, i) {
    var d = r.dataset, k = rank[d.status];
    return { row: r, i: i, rank: k === undefined ? 1e9 : k, feature: d.feature, name: d.name, file: d.file,
      line: +d.line || 0, duration: +d.duration || 0, worker: +d.worker || 0, tags: d.tags };
  }
  function sort() {
    if (!items) items = rows.map(item);
    var cmp = by[col], empty = blank[col] ? col : "";
    items.sort(function (a, b) {
      if (empty && !a[empty] !== !b[empty]) return a[empty] ? -1 : 1;
      return dir * cmp(a, b) || a.i - b.i;
    });
    var frag = document.createDocumentFragment();
    items.forEach(function (it) { frag.appendChild(it.row); });
    tbody.appendChild(frag);
    heads.forEach(function (b) {
      if (b.dataset.sort === col) b.parentNode.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      else b.parentNode.removeAttribute("aria-sort");
    });
  }
  heads.forEach(function (b) {
    b.addEventListener("click", function () {
      var c = b.dataset.sort;
      dir = c === col ? -dir : downFirst[c] ? -1 : 1;
      col = c;
      sort();
    });
  });

  document.querySelectorAll("button.copy").forEach(function (b) {
    b.addEventListener("click", function () {
      var text = b.dataset.copy, done = function () { b.textContent = "copied"; b.classList.add("done"); };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(text).then(done, function () {});
      } else {
        var t = document.createElement("textarea");
        t.value = text; document.body.appendChild(t); t.select();
        document.execCommand("copy"); t.remove(); done();
      }
    });
  });
})();
