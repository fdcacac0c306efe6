/* attache dashboard: the dyad network, laid out by a small force simulation (deterministic:
   nodes start on a circle, so the same data always gives the same picture). */
(function () {
  "use strict";
  var A = window.attache;
  var W = 1000, H = 620;

  function layout(nodes, edges) {
    var n = nodes.length, index = {};
    nodes.forEach(function (d, i) {
      index[d.id] = i;
      d.x = W / 2 + Math.cos(2 * Math.PI * i / n) * W / 3;
      d.y = H / 2 + Math.sin(2 * Math.PI * i / n) * H / 3;
    });
    var links = edges.map(function (e) { return [index[e.source], index[e.target]]; });
    var ideal = Math.sqrt(W * H / Math.max(n, 1)) * 0.45;
    for (var step = 0; step < 300; step++) {
      var heat = 20 * (1 - step / 300) + 0.5, force = nodes.map(function () { return [0, 0]; });
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var dx = nodes[i].x - nodes[j].x, dy = nodes[i].y - nodes[j].y, d2 = dx * dx + dy * dy + 0.01;
          if (d2 > 9 * ideal * ideal) continue;  /* far apart: no push, so loose pairs stay near */
          var push = ideal * ideal / d2;
          force[i][0] += dx * push; force[i][1] += dy * push; force[j][0] -= dx * push; force[j][1] -= dy * push;
        }
      }
      links.forEach(function (l) {
        var a = nodes[l[0]], b = nodes[l[1]], dx = a.x - b.x, dy = a.y - b.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01;
        var pull = d / ideal;
        force[l[0]][0] -= dx * pull; force[l[0]][1] -= dy * pull; force[l[1]][0] += dx * pull; force[l[1]][1] += dy * pull;
      });
      nodes.forEach(function (d, i) {
        force[i][0] += (W / 2 - d.x) * 0.05; force[i][1] += (H / 2 - d.y) * 0.05;
        var len = Math.sqrt(force[i][0] * force[i][0] + force[i][1] * force[i][1]) + 1e-9;
        d.x += force[i][0] / len * Math.min(len, heat); d.y += force[i][1] / len * Math.min(len, heat);
      });
    }
    fit(nodes);
  }

  function fit(nodes) {
    var xs = nodes.map(function (d) { return d.x; }), ys = nodes.map(function (d) { return d.y; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs), y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var s = Math.min((W - 140) / Math.max(x1 - x0, 1), (H - 80) / Math.max(y1 - y0, 1));
    nodes.forEach(function (d) { d.x = 70 + (d.x - x0) * s; d.y = 40 + (d.y - y0) * s; });
  }

  function edgeColor(e) {
    var known = e.cooperation + e.conflict;
    if (!known) return "#9aa3b0";
    var t = e.conflict / known;
    return "rgb(" + Math.round(27 + t * 171) + "," + Math.round(122 - t * 75) + "," + Math.round(58 - t * 11) + ")";
  }

  function nodeLink(node, level, base) {
    if (level === "actor") return "/actors/" + encodeURIComponent(node.id);
    return "/events?" + base + (base ? "&" : "") + "country=" + encodeURIComponent(node.id);
  }

  function draw(figure, data) {
    figure.textContent = "";
    if (!data.edges.length) { A.html("p", {"class": "muted"}, figure, "No pairs match these filters."); return; }
    layout(data.nodes, data.edges);
    var byId = {}, maxE = 1, maxN = 1;
    data.nodes.forEach(function (d) { byId[d.id] = d; maxN = Math.max(maxN, d.events); });
    data.edges.forEach(function (e) { maxE = Math.max(maxE, e.events); });
    var root = A.svg("svg", {viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": figure.getAttribute("aria-label")}, figure);
    var edges = A.svg("g", {}, root);
    data.edges.forEach(function (e) {
      var a = byId[e.source], b = byId[e.target];
      A.title(A.svg("line", {"class": "edge", x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: edgeColor(e),
        "stroke-width": 1 + 7 * Math.sqrt(e.events / maxE), "stroke-opacity": 0.75}, edges),
        e.source + " – " + e.target + ": " + e.events + " events (" + e.cooperation + " cooperation, " + e.conflict + " conflict)");
    });
    var base = (figure.getAttribute("data-api").split("?")[1] || "").split("&").filter(function (p) {
      return p && !/^(level|limit|country)=/.test(p);
    }).join("&");
    data.nodes.forEach(function (d) {
      var link = A.svg("a", {"class": "node", href: nodeLink(d, figure.getAttribute("data-level"), base)}, root);
      A.title(A.svg("circle", {cx: d.x, cy: d.y, r: 4 + 12 * Math.sqrt(d.events / maxN)}, link), d.label + ": " + d.events + " events");
      A.svg("text", {x: d.x + 8, y: d.y - 8}, link).textContent = d.label;
    });
    edgeTable(data);
  }

  function edgeTable(data) {
    var box = document.getElementById("network-table");
    var tbl = A.html("table", {"class": "data"}, box);
    var head = A.html("tr", {}, A.html("thead", {}, tbl));
    ["Pair", "Events", "Cooperation", "Conflict"].forEach(function (h) { A.html("th", {scope: "col"}, head, h); });
    var body = A.html("tbody", {}, tbl);
    data.edges.forEach(function (e) {
      var row = A.html("tr", {}, body);
      A.html("td", {}, row, e.source + " – " + e.target);
      [e.events, e.cooperation, e.conflict].forEach(function (v) { A.html("td", {"class": "num"}, row, A.fmt(v)); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var figure = document.getElementById("network");
    A.status("network-status", "Loading…");
    A.fetchJSON(figure.getAttribute("data-api")).then(function (data) {
      draw(figure, data);
      A.status("network-status", data.nodes.length + " nodes, " + data.edges.length + " edges.");
    }).catch(function (e) { A.status("network-status", "Could not draw the network: " + e.message); });
  });
})();
