/* attache dashboard: stacked bar charts of event counts over time (from /api/series). */
(function () {
  "use strict";
  var A = window.attache;
  var W = 1000, H = 330, M = {top: 34, right: 16, bottom: 40, left: 56};

  function parse(period) {
    var p = (period + "-01-01").slice(0, 10).split("-").map(Number);
    return Date.UTC(p[0], p[1] - 1, p[2]);
  }

  function step(t, interval) {
    var d = new Date(t);
    if (interval === "day") return t + 864e5;
    if (interval === "week") return t + 7 * 864e5;
    if (interval === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  }

  function label(t, interval) {
    var iso = new Date(t).toISOString();
    return interval === "year" ? iso.slice(0, 4) : interval === "month" ? iso.slice(0, 7) : iso.slice(0, 10);
  }

  /* Every period from the first to the last, with a count per key (0 where none). */
  function table(data) {
    var byPeriod = {}, totals = {};
    data.points.forEach(function (p) {
      var k = label(parse(p.period), data.interval);
      (byPeriod[k] = byPeriod[k] || {})[p.key] = p.count;
      totals[p.key] = (totals[p.key] || 0) + p.count;
    });
    var keys = Object.keys(totals).sort(function (a, b) {
      var qa = A.QUADS.indexOf(a), qb = A.QUADS.indexOf(b);
      if (qa >= 0 || qb >= 0) return (qa < 0 ? 99 : qa) - (qb < 0 ? 99 : qb);
      return totals[b] - totals[a] || (a < b ? -1 : 1);
    });
    var starts = data.points.map(function (p) { return parse(p.period); });
    var periods = [];
    if (starts.length) {
      var last = Math.max.apply(null, starts);
      for (var t = Math.min.apply(null, starts); t <= last && periods.length < 5000; t = step(t, data.interval)) {
        periods.push(label(t, data.interval));
      }
    }
    return {keys: keys, periods: periods, counts: byPeriod};
  }

  function axis(root, rows, max, plotW, plotH, interval) {
    var g = A.svg("g", {"class": "axis"}, root);
    for (var i = 0; i <= 4; i++) {
      var y = M.top + plotH - plotH * i / 4;
      A.svg("line", {x1: M.left, x2: M.left + plotW, y1: y, y2: y, "stroke-dasharray": i ? "2,3" : ""}, g);
      A.svg("text", {x: M.left - 6, y: y + 4, "text-anchor": "end"}, g).textContent = A.fmt(max * i / 4);
    }
    var every = Math.max(1, Math.ceil(rows.length / 8));
    rows.forEach(function (period, i) {
      if (i % every) return;
      var x = M.left + plotW * (i + 0.5) / rows.length;
      A.svg("text", {x: x, y: H - M.bottom + 16, "text-anchor": "middle"}, g).textContent = period;
    });
  }

  function legend(root, keys) {
    var x = M.left;
    keys.forEach(function (key, i) {
      var g = A.svg("g", {"class": "legend-row"}, root);
      A.svg("rect", {x: x, y: 8, width: 12, height: 12, fill: A.colorFor(key, i)}, g);
      A.svg("text", {x: x + 16, y: 18}, g).textContent = key;
      x += 24 + key.length * 7;
    });
  }

  function draw(figure, data) {
    figure.textContent = "";
    var t = table(data);
    if (!t.periods.length) {
      A.html("p", {"class": "muted"}, figure, "No dated events match these filters.");
      return;
    }
    var plotW = W - M.left - M.right, plotH = H - M.top - M.bottom;
    var stacks = t.periods.map(function (p) {
      var c = t.counts[p] || {};
      return t.keys.reduce(function (s, k) { return s + (c[k] || 0); }, 0);
    });
    var max = A.niceMax(Math.max.apply(null, stacks));
    var root = A.svg("svg", {viewBox: "0 0 " + W + " " + H, role: "img",
      "aria-label": figure.getAttribute("aria-label") || "chart"}, figure);
    axis(root, t.periods, max, plotW, plotH, data.interval);
    var bw = plotW / t.periods.length;
    t.periods.forEach(function (period, i) {
      var y = M.top + plotH, c = t.counts[period] || {};
      t.keys.forEach(function (key, k) {
        if (!c[key]) return;
        var h = plotH * c[key] / max;
        y -= h;
        A.title(A.svg("rect", {"class": "bar", x: M.left + i * bw + (bw > 3 ? 0.5 : 0), y: y,
          width: Math.max(bw - (bw > 3 ? 1 : 0), 0.6), height: h, fill: A.colorFor(key, k)}, root),
          period + " " + key + ": " + c[key]);
      });
    });
    legend(root, t.keys);
    dataTable(figure, t);
  }

  function dataTable(figure, t) {
    var details = A.html("details", {}, figure);
    A.html("summary", {}, details, "Counts as a table");
    var tbl = A.html("table", {"class": "data"}, details);
    var head = A.html("tr", {}, A.html("thead", {}, tbl));
    A.html("th", {scope: "col"}, head, "Period");
    t.keys.forEach(function (k) { A.html("th", {scope: "col", "class": "num"}, head, k); });
    var body = A.html("tbody", {}, tbl);
    t.periods.filter(function (p) { return t.counts[p]; }).slice(0, 1000).forEach(function (p) {
      var row = A.html("tr", {}, body);
      A.html("td", {}, row, p);
      t.keys.forEach(function (k) { A.html("td", {"class": "num"}, row, A.fmt(t.counts[p][k] || 0)); });
    });
  }

  function start() {
    document.querySelectorAll("figure[data-kind='series']").forEach(function (figure) {
      var source = figure.getAttribute("data-source"), api = figure.getAttribute("data-api");
      if (source) { draw(figure, A.embedded(source)); return; }
      A.status("timeline-status", "Loading…");
      A.fetchJSON(api).then(function (data) {
        draw(figure, data);
        var n = data.points.reduce(function (s, p) { return s + p.count; }, 0);
        A.status("timeline-status", A.fmt(n) + " events drawn; " + A.fmt(data.undated) +
          " undated and " + A.fmt(data.imprecise) + " dated too coarsely for " + data.interval + " are not.");
      }).catch(function (e) { A.status("timeline-status", "Could not load the series: " + e.message); });
    });
  }
  document.addEventListener("DOMContentLoaded", start);
})();
