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
