/* attache dashboard: an offline world map (Natural Earth via world-atlas, drawn with
   topojson-client) with event locations merged into clusters that split as you zoom in. */
(function () {
  "use strict";
  var A = window.attache;
  var W = 960, H = 480, CELL = 34;

  function project(lon, lat) { return [(lon + 180) / 360 * W, (90 - lat) / 180 * H]; }

  /* A ring as an SVG subpath. Rings crossing the antimeridian are unwrapped (longitudes kept
     continuous) and drawn again shifted by 360 degrees, so both halves show and none smears. */
  function ringPaths(ring) {
    var lons = [], shift = 0, prev = null;
    ring.forEach(function (pt) {
      if (prev !== null && pt[0] - prev > 180) shift -= 360;
      if (prev !== null && pt[0] - prev < -180) shift += 360;
      lons.push(pt[0] + shift);
      prev = pt[0];
    });
    var lo = Math.min.apply(null, lons), hi = Math.max.apply(null, lons);
    var offsets = [0].concat(hi > 180 ? [-360] : [], lo < -180 ? [360] : []);
    return offsets.map(function (off) {
      return ring.map(function (pt, i) {
        var xy = project(lons[i] + off, pt[1]);
        return (i ? "L" : "M") + xy[0].toFixed(1) + "," + xy[1].toFixed(1);
      }).join("") + "Z";
    }).join("");
  }

  function featurePath(geometry) {
    if (!geometry) return "";
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    return polygons.map(function (rings) { return rings.map(ringPaths).join(""); }).join("");
  }

  function shade(count, max) {
    if (!count) return "#e4e8ee";
    var t = Math.sqrt(count / max);
    var r = Math.round(228 - t * 120), g = Math.round(232 - t * 140), b = Math.round(238 - t * 60);
    return "rgb(" + r + "," + g + "," + b + ")";
  }

  function drawLand(layer, topology, counts, numeric) {
    var byNumber = {};
    Object.keys(counts).forEach(function (iso3) {
      if (numeric[iso3] !== undefined) byNumber[String(numeric[iso3]).padStart(3, "0")] = [iso3, counts[iso3]];
    });
    var max = Math.max.apply(null, [1].concat(Object.keys(counts).map(function (k) { return counts[k]; })));
    window.topojson.feature(topology, topology.objects.countries).features.forEach(function (f) {
      var hit = byNumber[f.id];
      var path = A.svg("path", {"class": "land", d: featurePath(f.geometry)}, layer);
      if (hit) path.style.fill = shade(hit[1], max);
      A.title(path, (f.properties && f.properties.name || "") + (hit ? ": " + A.fmt(hit[1]) + " located events" : ""));
    });
  }

  /* Merge points whose projected positions share a grid cell of CELL screen pixels. */
  function clusters(points, k) {
    var cells = {}, size = CELL / k;
    points.forEach(function (p) {
      var xy = project(p.lon, p.lat), key = Math.floor(xy[0] / size) + ":" + Math.floor(xy[1] / size);
      var c = cells[key] || (cells[key] = {x: 0, y: 0, events: 0, places: []});
      c.x += xy[0] * p.events; c.y += xy[1] * p.events; c.events += p.events; c.places.push(p);
    });
    return Object.keys(cells).map(function (key) {
      var c = cells[key];
      c.x /= c.events; c.y /= c.events;
      return c;
    });
  }

  function MapView(figure, data, topology, numeric) {
    this.figure = figure; this.data = data; this.view = {k: 1, x: 0, y: 0};
    this.root = A.svg("svg", {viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "World map"}, figure);
    drawLand(A.svg("g", {}, this.root), topology, data.countries, numeric);
    this.dots = A.svg("g", {}, this.root);
    this.render();
  }

  MapView.prototype.render = function () {
    var v = this.view, self = this;
    this.root.setAttribute("viewBox", [v.x, v.y, W / v.k, H / v.k].join(" "));
    this.dots.textContent = "";
    clusters(this.data.points, v.k).forEach(function (c) {
      var r = Math.min(4 + 2.2 * Math.sqrt(c.events), 28) / v.k;
      var g = A.svg("g", {}, self.dots);
      var dot = A.svg("circle", {"class": "cluster", cx: c.x, cy: c.y, r: r, tabindex: 0, role: "button",
        "aria-label": c.places.length + " places, " + c.events + " events"}, g);
      A.title(dot, c.places.slice(0, 5).map(function (p) { return p.name; }).join(", ") +
        (c.places.length > 5 ? " and " + (c.places.length - 5) + " more" : "") + ": " + A.fmt(c.events) + " events");
      if (r * v.k >= 9) {
        var label = A.svg("text", {"class": "cluster-label", x: c.x, y: c.y + 3.5 / v.k, "text-anchor": "middle"}, g);
        label.style.fontSize = (10 / v.k) + "px";
        label.textContent = c.events;
      }
      var open = function () { self.detail(c); };
      dot.addEventListener("click", open);
      dot.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
    });
  };

  MapView.prototype.detail = function (c) {
    var box = document.getElementById("map-detail"), base = this.figure.getAttribute("data-events");
    box.textContent = "";
    A.html("h2", {}, box, A.fmt(c.events) + " events at " + c.places.length + " place" + (c.places.length > 1 ? "s" : ""));
    var list = A.html("ul", {}, box);
    c.places.sort(function (a, b) { return b.events - a.events; }).forEach(function (p) {
      var li = A.html("li", {}, list);
      var sep = base.indexOf("?") >= 0 && base.slice(-1) !== "?" ? "&" : "";
      var link = A.html("a", {href: base + sep + "place=" + encodeURIComponent(p.geonameid || p.name)}, li, p.name || "unnamed");
      li.appendChild(document.createTextNode(" " + (p.country || "") + ": " + A.fmt(p.events)));
      return link;
    });
  };

  MapView.prototype.zoom = function (factor, cx, cy) {
    var v = this.view, k = Math.min(Math.max(v.k * factor, 1), 40);
    cx = cx === undefined ? v.x + W / v.k / 2 : cx;
    cy = cy === undefined ? v.y + H / v.k / 2 : cy;
    v.x = cx - (cx - v.x) * v.k / k; v.y = cy - (cy - v.y) * v.k / k; v.k = k;
    this.clamp(); this.render();
  };

  MapView.prototype.pan = function (dx, dy) {
    this.view.x += dx / this.view.k; this.view.y += dy / this.view.k;
    this.clamp(); this.render();
  };

  MapView.prototype.clamp = function () {
    var v = this.view;
    v.x = Math.min(Math.max(v.x, 0), W - W / v.k);
    v.y = Math.min(Math.max(v.y, 0), H - H / v.k);
  };

  function controls(map, figure) {
    document.getElementById("zoom-in").addEventListener("click", function () { map.zoom(2); });
    document.getElementById("zoom-out").addEventListener("click", function () { map.zoom(0.5); });
    document.getElementById("zoom-reset").addEventListener("click", function () { map.view = {k: 1, x: 0, y: 0}; map.render(); });
    figure.addEventListener("keydown", function (e) {
      var moves = {ArrowLeft: [-60, 0], ArrowRight: [60, 0], ArrowUp: [0, -60], ArrowDown: [0, 60]};
      if (e.target !== figure) return;
      if (moves[e.key]) { map.pan(moves[e.key][0], moves[e.key][1]); e.preventDefault(); }
      if (e.key === "+" || e.key === "=") { map.zoom(2); e.preventDefault(); }
      if (e.key === "-") { map.zoom(0.5); e.preventDefault(); }
    });
    figure.addEventListener("wheel", function (e) {
      e.preventDefault();
      var box = map.root.getBoundingClientRect(), v = map.view;
      var cx = v.x + (e.clientX - box.left) / box.width * W / v.k, cy = v.y + (e.clientY - box.top) / box.height * H / v.k;
      map.zoom(e.deltaY < 0 ? 1.5 : 1 / 1.5, cx, cy);
    }, {passive: false});
    var drag = null;
    figure.addEventListener("pointerdown", function (e) { if (e.target.tagName !== "circle") drag = [e.clientX, e.clientY]; });
    window.addEventListener("pointerup", function () { drag = null; });
    figure.addEventListener("pointermove", function (e) {
      if (!drag) return;
      var box = map.root.getBoundingClientRect(), scale = W / box.width;
      map.pan((drag[0] - e.clientX) * scale, (drag[1] - e.clientY) * scale);
      drag = [e.clientX, e.clientY];
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var figure = document.getElementById("map");
    A.status("map-status", "Loading…");
    Promise.all([A.fetchJSON("/static/map/countries-110m.json"), A.fetchJSON(figure.getAttribute("data-api"))
      ]).then(function (got) {
      var map = new MapView(figure, got[1], got[0], A.embedded("#iso-numeric"));
      controls(map, figure);
      var n = got[1].points.reduce(function (s, p) { return s + p.events; }, 0);
      A.status("map-status", A.fmt(n) + " located events at " + A.fmt(got[1].points.length) + " places.");
    }).catch(function (e) { A.status("map-status", "Could not draw the map: " + e.message); });
  });
})();
