/* attache dashboard: partnership levels over time, one row per pair of parties. */
(function () {
  "use strict";
  var A = window.attache;
  var W = 1000, ROW = 26, M = {top: 30, right: 40, bottom: 30, left: 150};
  var MARKS = {stated: "#6b7480", upgraded: "#1b7a3a", established: "#2b5fa8", downgraded: "#c62f2f"};

  function when(r) { return r.since || r.published; }

  function time(value) {
    var p = (value + "-01-01").slice(0, 10).split("-").map(Number);
    return Date.UTC(p[0], p[1] - 1, p[2]);
  }

  function draw(figure, data) {
    var dated = data.items.filter(when);
    if (!dated.length) { A.html("p", {"class": "muted"}, figure, "No dated relations."); return; }
    var pairs = [];
    dated.forEach(function (r) { var k = r.parties.join("–"); if (pairs.indexOf(k) < 0) pairs.push(k); });
    var ts = dated.map(function (r) { return time(when(r)); });
    var t0 = Math.min.apply(null, ts), t1 = Math.max.apply(null, ts);
    if (t0 === t1) { t0 -= 180 * 864e5; t1 += 180 * 864e5; }
    var H = M.top + M.bottom + ROW * pairs.length, plotW = W - M.left - M.right;
    var x = function (t) { return M.left + plotW * (t - t0) / (t1 - t0); };
    var root = A.svg("svg", {viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Relations over time"}, figure);
    var axis = A.svg("g", {"class": "axis"}, root);
    for (var i = 0; i <= 5; i++) {
      var t = t0 + (t1 - t0) * i / 5;
      A.svg("text", {x: x(t), y: H - 8, "text-anchor": "middle"}, axis).textContent = new Date(t).toISOString().slice(0, 7);
    }
    pairs.forEach(function (p, row) {
      var y = M.top + ROW * row + ROW / 2;
      A.svg("line", {x1: M.left, x2: W - M.right, y1: y, y2: y, stroke: "#e1e5eb"}, axis);
      A.svg("text", {x: M.left - 8, y: y + 4, "text-anchor": "end"}, axis).textContent = p;
    });
    dated.forEach(function (r) {
      var y = M.top + ROW * pairs.indexOf(r.parties.join("–")) + ROW / 2;
      A.title(A.svg("circle", {cx: x(time(when(r))), cy: y, r: 7, fill: MARKS[r.change] || "#6b7480", stroke: "white"}, root),
        when(r) + " " + r.parties.join("–") + ": " + r.level + " (" + r.change + ")");
    });
    var lx = M.left, keys = A.svg("g", {"class": "legend-row"}, root);
    Object.keys(MARKS).forEach(function (k) {
      A.svg("circle", {cx: lx, cy: 10, r: 5, fill: MARKS[k]}, keys);
      A.svg("text", {x: lx + 9, y: 14}, keys).textContent = k;
      lx += 100;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var figure = document.getElementById("relations-chart");
    draw(figure, A.embedded(figure.getAttribute("data-source")));
  });
})();
