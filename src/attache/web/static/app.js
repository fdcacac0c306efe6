/* attache dashboard: shared helpers and keyboard navigation for tables. No dependencies. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var QUADS = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];
  var QUAD_COLORS = {"verbal cooperation": "#4a90d9", "material cooperation": "#1b7a3a",
    "verbal conflict": "#e69a28", "material conflict": "#c62f2f", "unknown": "#9aa3b0", "events": "#2b5fa8"};
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd"];

  function svg(tag, attrs, parent) {
    var el = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(el);
    return el;
  }

  function html(tag, attrs, parent, text) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text !== undefined) el.textContent = text;
    if (parent) parent.appendChild(el);
    return el;
  }

  function title(el, text) { svg("title", {}, el).textContent = text; return el; }

  function fetchJSON(url) {
    return fetch(url, {headers: {"accept": "application/json"}}).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body.error ? body.error.message : "HTTP " + r.status);
        return body;
      });
    });
  }

  function embedded(selector) {
    var el = document.querySelector(selector);
    return el ? JSON.parse(el.textContent) : null;
  }

  function colorFor(key, index) {
    return QUAD_COLORS[key] || PALETTE[index % PALETTE.length];
  }

  function fmt(n) { return Number(n).toLocaleString("en-US"); }

  /* A round axis maximum >= value whose quarters are whole numbers. */
  function niceMax(value) {
    var quarter = Math.max(value, 1) / 4, p = Math.pow(10, Math.floor(Math.log10(quarter)));
    var steps = p >= 10 ? [1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8, 10] : [1, 2, 3, 4, 5, 6, 8, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * p >= quarter) return 4 * Math.max(1, steps[i] * p);
    return 40 * p;
  }

  function status(id, text) {
    var el = document.getElementById(id);
    if (el) el.textContent = text;
  }

  /* Arrow keys move between the row links of a table (class nav-table). */
  function tableKeys(event) {
    if (["ArrowDown", "ArrowUp", "Home", "End"].indexOf(event.key) < 0) return;
    var table = event.target.closest && event.target.closest("table.nav-table");
    if (!table) return;
    var links = Array.prototype.slice.call(table.querySelectorAll("tbody tr")).map(function (row) {
      return row.querySelector("a.row-link") || row.querySelector("a");
    }).filter(Boolean);
    var row = event.target.closest("tr");
    var at = links.indexOf(row && (row.querySelector("a.row-link") || row.querySelector("a")));
    if (at < 0) return;
    var next = {ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: links.length - 1}[event.key];
    if (next >= 0 && next < links.length) { links[next].focus(); event.preventDefault(); }
  }
  document.addEventListener("keydown", tableKeys);

  window.attache = {svg: svg, html: html, title: title, fetchJSON: fetchJSON, embedded: embedded,
    colorFor: colorFor, fmt: fmt, niceMax: niceMax, status: status, QUADS: QUADS};
})();
