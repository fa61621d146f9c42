/* Border Ledger's own script: interactive charts and the incident explorer.
 *
 * Charts: every figure made by borderledger.charts holds a static SVG (what print and readers
 * without JavaScript see) and its Vega-Lite spec as inert JSON. Here the spec is handed to the
 * vendored vega-embed, which draws the chart at the width of the page and shows details on
 * hover; if anything fails, the static SVG stays.
 *
 * Explorer: the page with an element #bl-explorer loads explorer-data.js (window.BL_EXPLORER)
 * and gets a searchable, filterable, sortable table of every incident, each opening its sources;
 * the matching rows are shown 50 at a time (a phone would otherwise scroll through all of them).
 * Data is only ever put into the page as text (textContent), and a source becomes a link only
 * when its address is http(s).
 */
(function () {
  "use strict";

  function embedCharts() {
    if (typeof window.vegaEmbed !== "function") return;
    document.querySelectorAll(".bl-chart").forEach(function (box) {
      var script = box.querySelector("script.bl-chart-spec");
      if (!script || box.dataset.embedded) return;
      var spec;
      try { spec = JSON.parse(script.textContent); } catch (e) { return; }
      var target = document.createElement("div");
      target.className = "bl-chart-live";
      box.appendChild(target);
      window.vegaEmbed(target, spec, { actions: false, renderer: "svg", tooltip: { theme: "light" } })
        .then(function () { box.dataset.embedded = "yes"; box.classList.add("bl-live"); })
        .catch(function () { target.remove(); });
    });
  }

  // ---- the incident explorer -------------------------------------------------------------

  var FIELDS = ["id", "date", "year", "country", "district", "place", "event", "perpetrator", "attribution",
    "attribution_by", "target", "low", "best", "high", "claimed", "claimed_by", "summary"];
  var SOURCE_FIELDS = ["outlet", "url", "published", "language", "figure", "scope", "kind", "figure_by",
    "paraphrase"];
  var PAGE = 50;
  var FILTERS = [["year", "Year"], ["country", "Country"], ["district", "District or county"],
    ["event", "Event type"], ["perpetrator", "Perpetrator"], ["attribution", "Attribution"]];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function records(data) {
    return data.incidents.map(function (row) {
      var r = {};
      FIELDS.forEach(function (f, i) { r[f] = row[i]; });
      r.sources = row[FIELDS.length].map(function (s) {
        var o = {};
        SOURCE_FIELDS.forEach(function (f, i) { o[f] = s[i]; });
        return o;
      });
      r.text = [r.id, r.place, r.district, r.perpetrator, r.event, r.summary].join(" ").toLowerCase();
      return r;
    });
  }

  function deaths(r) {
    if (r.best === null) return r.claimed === null ? "not reported" : "claim: " + r.claimed;
    var range = r.low === r.high ? "" : " (" + r.low + "–" + r.high + ")";
    return r.best + range;
  }

  function isLink(url) { return /^https?:\/\/[^\s"'<>]+$/i.test(url || ""); }

  function sourceList(r) {
    var box = el("div", { "class": "bl-explorer-sources" });
    box.appendChild(el("p", {}, r.summary));
    if (r.claimed !== null) box.appendChild(el("p", {}, "Party claim, kept out of the range: " + r.claimed +
      " (" + r.claimed_by + ")."));
    var list = el("ol");
    r.sources.forEach(function (s) {
      var item = el("li");
      var name = isLink(s.url) ? el("a", { href: s.url, rel: "noopener" }, s.outlet) : el("span", {}, s.outlet);
      item.appendChild(name);
      var figure = s.figure === null ? "no figure" : s.figure + " (" + s.scope + ", " + s.kind + ")";
      item.appendChild(el("span", {}, " · " + (s.published || "undated") + " · " + s.language + " · " +
        figure + (s.figure_by ? " · given by " + s.figure_by : "")));
      item.appendChild(el("div", { "class": "bl-explorer-paraphrase" }, s.paraphrase));
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function explorer(root, data) {
    var rows = records(data);
    var state = { sort: "date", dir: -1, limit: PAGE };
    var form = el("div", { "class": "bl-explorer-controls" });
    var search = el("input", { type: "search", id: "bl-explorer-search", placeholder: "Search place, group, words",
      "aria-label": "Search incidents" });
    form.appendChild(search);
    var selects = {};
    FILTERS.forEach(function (pair) {
      var values = Array.from(new Set(rows.map(function (r) { return r[pair[0]]; }).filter(function (v) {
        return v !== null && v !== "";
      }))).sort();
      var select = el("select", { id: "bl-filter-" + pair[0], "aria-label": pair[1] });
      select.appendChild(el("option", { value: "" }, pair[1] + ": all"));
      values.forEach(function (v) { select.appendChild(el("option", { value: String(v) }, v)); });
      selects[pair[0]] = select;
      form.appendChild(select);
    });
    var order = el("select", { id: "bl-explorer-sort", "aria-label": "Sort" });
    [["date:-1", "Newest first"], ["date:1", "Oldest first"], ["best:-1", "Most deaths"], ["place:1", "Place"]]
      .forEach(function (pair) { order.appendChild(el("option", { value: pair[0] }, "Sort: " + pair[1])); });
    order.addEventListener("change", function () {
      var parts = order.value.split(":");
      state.sort = parts[0];
      state.dir = Number(parts[1]);
      draw();
    });
    form.appendChild(order);
    var count = el("p", { "class": "bl-explorer-count", id: "bl-explorer-count", "aria-live": "polite" });
    var table = el("table", { "class": "bl-explorer-table" });
    var head = el("tr");
    [["date", "Date"], ["place", "Place"], ["event", "Event"], ["perpetrator", "Perpetrator"],
      ["best", "Deaths"], [null, "Sources"]].forEach(function (pair) {
      var th = el("th", { scope: "col" }, pair[1]);
      if (pair[0]) {
        var button = el("button", { type: "button", "data-sort": pair[0] }, pair[1]);
        th.textContent = "";
        th.appendChild(button);
        button.addEventListener("click", function () {
          state.dir = state.sort === pair[0] ? -state.dir : 1;
          state.sort = pair[0];
          draw();
        });
      }
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    table.appendChild(body);
    var more = el("button", { type: "button", "class": "bl-explorer-more", id: "bl-explorer-more" });
    more.addEventListener("click", function () {
      state.limit += PAGE;
      draw();
    });
    root.appendChild(form);
    root.appendChild(count);
    root.appendChild(table);
    root.appendChild(more);

    function visible() {
      var words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      return rows.filter(function (r) {
        var ok = FILTERS.every(function (pair) {
          var want = selects[pair[0]].value;
          return !want || String(r[pair[0]]) === want;
        });
        return ok && words.every(function (w) { return r.text.indexOf(w) >= 0; });
      });
    }

    function draw() {
      var shown = visible().sort(function (a, b) {
        var x = a[state.sort], y = b[state.sort];
        if (x === y) return a.id < b.id ? -1 : 1;
        if (x === null) return 1;
        if (y === null) return -1;
        return (x < y ? -1 : 1) * state.dir;
      });
      body.textContent = "";
      shown.slice(0, state.limit).forEach(function (r) {
        var tr = el("tr", { "data-id": r.id });
        tr.appendChild(el("td", { "data-label": "Date" }, r.date));
        tr.appendChild(el("td", { "data-label": "Place" }, (r.place || r.district || r.country) + ", " + r.country));
        tr.appendChild(el("td", { "data-label": "Event" }, r.event));
        tr.appendChild(el("td", { "data-label": "Perpetrator" }, r.perpetrator + " (" + r.attribution + ")"));
        tr.appendChild(el("td", { "data-label": "Deaths" }, deaths(r)));
        var cell = el("td", { "data-label": "Sources" });
        var details = el("details");
        details.appendChild(el("summary", {}, r.sources.length + " report" + (r.sources.length === 1 ? "" : "s")));
        details.addEventListener("toggle", function () {
          if (details.open && details.childNodes.length === 1) details.appendChild(sourceList(r));
        }, { once: false });
        cell.appendChild(details);
        tr.appendChild(cell);
        body.appendChild(tr);
      });
      count.textContent = shown.length + " of " + rows.length + " incidents";
      var rest = shown.length - state.limit;
      more.hidden = rest <= 0;
      more.textContent = "Show " + Math.min(rest, PAGE) + " more (" + rest + " not shown)";
    }

    function refilter() {
      state.limit = PAGE;
      draw();
    }

    search.addEventListener("input", refilter);
    Object.keys(selects).forEach(function (k) { selects[k].addEventListener("change", refilter); });
    draw();
  }

  function start() {
    embedCharts();
    var root = document.getElementById("bl-explorer");
    if (root && window.BL_EXPLORER) explorer(root, window.BL_EXPLORER);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
