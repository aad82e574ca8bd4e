(function () {
  "use strict";
  // sgproof report: draws the data of the JSON block. Every text of the spec reaches the page
  // through textContent or setAttribute, never as markup.
  var DATA = JSON.parse(document.getElementById("sgproof-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var ASSERTIONS_PER_PAGE = 100;
  var MATRIX_ROWS = 40;
  var MATRIX_COLS = 30;
  var NEIGHBOURS_SHOWN = 40;

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    setAttrs(e, attrs);
    append(e, kids);
    return e;
  }
  function sv(tag, attrs, kids) {
    var e = document.createElementNS(SVG, tag);
    setAttrs(e, attrs);
    append(e, kids);
    return e;
  }
  function setAttrs(e, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") e.textContent = String(v);
      else if (k === "onclick") e.addEventListener("click", v);
      else if (k === "oninput") e.addEventListener("input", v);
      else if (k === "onchange") e.addEventListener("change", v);
      else e.setAttribute(k, v === true ? "" : String(v));
    });
  }
  function append(e, kids) {
    if (kids === null || kids === undefined) return;
    if (!Array.isArray(kids)) kids = [kids];
    kids.forEach(function (k) {
      if (k === null || k === undefined || k === false) return;
      e.appendChild(typeof k === "string" || typeof k === "number" ? document.createTextNode(String(k)) : k);
    });
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function plural(n, one, many) { return n.toLocaleString("en-US") + " " + (n === 1 ? one : many); }
  function fmt(n) { return Number(n).toLocaleString("en-US"); }

  // ------------------------------------------------------------------ page
  var app = document.getElementById("app");
  var s = DATA.summary;
  var header = el("header", { "class": "top" }, [
    el("h1", { text: "sgproof report" }),
    el("nav", null, [
      el("a", { href: "#assertions", text: "Assertions" }),
      el("a", { href: "#matrix", text: "Who reaches whom" }),
      el("a", { href: "#graph", text: "Group graph" })
    ]),
    el("span", { "class": "gen", text: "sgproof " + DATA.sgproof })
  ]);
  app.appendChild(header);
  var main = el("main");
  app.appendChild(main);

  var summary = el("section", { id: "summary" });
  main.appendChild(summary);
  summary.appendChild(el("div", { "class": "chips" }, [
    el("span", { "class": "chip ok", id: "count-proved", text: "\u2713 " + fmt(s.proved) + " proved" }),
    el("span", { "class": "chip " + (s.refuted ? "bad" : "plain"), id: "count-refuted", text: "\u2717 " + fmt(s.refuted) + " refuted" }),
    el("span", { "class": "chip " + (s.unknown ? "warn" : "plain"), id: "count-unknown", text: "? " + fmt(s.unknown) + " unknown" }),
    el("span", { "class": "chip " + (s.errors ? "bad" : "plain"), text: plural(s.errors, "error", "errors") }),
    el("span", { "class": "chip plain", id: "exit-code", text: "exit code " + s.exitCode }),
    el("span", { "class": "muted", text: plural(s.files, "file", "files") + ": " + DATA.files.map(function (f) { return f.file; }).join(", ") })
  ]));

  var fileIndex = 0;
  var fileBox = el("div");
  if (DATA.files.length > 1) {
    var picker = el("select", { id: "file-select", onchange: function () { fileIndex = Number(picker.value); showFile(); } });
    DATA.files.forEach(function (f, i) { picker.appendChild(el("option", { value: i, text: f.file })); });
    summary.appendChild(el("div", { "class": "toolbar" }, [el("label", { "for": "file-select", text: "File:" }), picker]));
  }
  main.appendChild(fileBox);

  function showFile() {
    clear(fileBox);
    var f = DATA.files[fileIndex];
    var sz = f.size;
    fileBox.appendChild(el("div", { "class": "file-title" }, [
      f.file,
      el("span", { "class": "muted", text: sz ? "  \u2014  " + plural(sz.groups, "group", "groups") + ", " + plural(sz.rules, "rule", "rules") + ", " +
        plural(sz.instances, "instance", "instances") + ", " + plural(sz.nics, "NIC", "NICs") : "" })
    ]));
    if (f.diagnostics.length) {
      var ds = el("div", { "class": "note" });
      f.diagnostics.forEach(function (d) {
        ds.appendChild(el("div", { "class": "diag " + d.severity, text: d.file + ":" + d.line + ":" + d.column + ": " + d.severity + "[" + d.code + "]: " + d.message }));
      });
      fileBox.appendChild(ds);
    }
    fileBox.appendChild(assertionsSection(f));
    fileBox.appendChild(matrixSection(f));
    fileBox.appendChild(graphSection(f));
  }

  // ------------------------------------------------------------ assertions
  function assertionsSection(f) {
    var sec = el("section", { id: "assertions" });
    sec.appendChild(el("h2", { text: "Assertions (" + fmt(f.assertions.length) + ")" }));
    if (!f.assertions.length) {
      sec.appendChild(el("p", { "class": "muted", text: "This file holds no assertion." }));
      return sec;
    }
    var state = { filter: "", verdict: "all", page: 0 };
    var list = el("div", { id: "assertion-list" });
    var pager = el("div", { "class": "pager" });
    var search = el("input", { type: "search", id: "assertion-filter", placeholder: "filter by label or text", "aria-label": "filter assertions",
      oninput: function () { state.filter = search.value.toLowerCase(); state.page = 0; draw(); } });
    var buttons = {};
    var bar = el("div", { "class": "toolbar" }, [search]);
    ["all", "refuted", "unknown", "proved"].forEach(function (v) {
      var n = v === "all" ? f.assertions.length : f.assertions.filter(function (a) { return a.verdict === v; }).length;
      var b = el("button", { type: "button", "data-verdict": v, text: v + " (" + fmt(n) + ")",
        onclick: function () { state.verdict = v; state.page = 0; draw(); } });
      buttons[v] = b;
      bar.appendChild(b);
    });
    bar.appendChild(pager);
    sec.appendChild(bar);
    sec.appendChild(list);
    var expandRefuted = f.assertions.length <= 30;
    function draw() {
      Object.keys(buttons).forEach(function (k) { buttons[k].className = k === state.verdict ? "on" : ""; });
      var shown = [];
      f.assertions.forEach(function (a, i) {
        if (state.verdict !== "all" && a.verdict !== state.verdict) return;
        if (state.filter && (a.label + " " + a.text + " " + a.file + ":" + a.line).toLowerCase().indexOf(state.filter) < 0) return;
        shown.push(i);
      });
      var pages = Math.max(1, Math.ceil(shown.length / ASSERTIONS_PER_PAGE));
      state.page = Math.min(state.page, pages - 1);
      clear(list);
      shown.slice(state.page * ASSERTIONS_PER_PAGE, (state.page + 1) * ASSERTIONS_PER_PAGE).forEach(function (i) {
        list.appendChild(assertionRow(f, f.assertions[i], i, expandRefuted && f.assertions[i].verdict === "refuted"));
      });
      if (!shown.length) list.appendChild(el("p", { "class": "muted", text: "No assertion matches." }));
      drawPager(pager, state.page, pages, shown.length, "assertions", function (p) { state.page = p; draw(); }, "assertion-page");
    }
    draw();
    return sec;
  }

  function drawPager(pager, page, pages, total, what, go, id) {
    clear(pager);
    if (pages <= 1) {
      pager.appendChild(el("span", { "class": "muted", text: plural(total, what.replace(/s$/, ""), what) }));
      return;
    }
    pager.appendChild(el("button", { type: "button", "data-page": "prev", disabled: page === 0, text: "\u2039 prev", onclick: function () { go(page - 1); } }));
    pager.appendChild(el("span", { id: id, text: "page " + (page + 1) + " of " + pages + " (" + fmt(total) + " " + what + ")" }));
    pager.appendChild(el("button", { type: "button", "data-page": "next", disabled: page >= pages - 1, text: "next \u203a", onclick: function () { go(page + 1); } }));
  }

  var VERDICT_TEXT = { proved: "\u2713 proved", refuted: "\u2717 refuted", unknown: "? unknown" };

  function assertionRow(f, a, i, open) {
    var row = el("div", { "class": "assertion " + a.verdict, "data-assertion": i, "data-line": a.line });
    var body = null;
    var head = el("div", { "class": "head", role: "button", tabindex: "0", "aria-expanded": "false" }, [
      el("span", { "class": "verdict " + a.verdict, text: VERDICT_TEXT[a.verdict] || a.verdict }),
      el("span", null, [a.label ? el("span", { "class": "label", text: a.label }) : null, el("span", { "class": "mono", text: a.text })]),
      el("span", { "class": "where", text: a.file + ":" + a.line })
    ]);
    function toggle() {
      if (body) { row.removeChild(body); body = null; head.setAttribute("aria-expanded", "false"); return; }
      body = assertionBody(a);
      row.appendChild(body);
      head.setAttribute("aria-expanded", "true");
    }
    head.addEventListener("click", toggle);
    head.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); toggle(); } });
    row.appendChild(head);
    if (open) toggle();
    return row;
  }

  function assertionBody(a) {
    var b = el("div", { "class": "body" });
    if (a.verdict === "refuted") {
      var c = a.counterexample;
      b.appendChild(el("div", { "class": "kv" }, [
        el("div", { text: "counterexample" }), el("div", { "class": "mono", text: c.flow + " (" + c.from + " \u2192 " + c.to + ")" }),
        el("div", { text: "expected" }), el("div", { text: (c.permitted ? "denied, but it is permitted" : "permitted, but it is denied") }),
        el("div", { text: "obligation" }), el("div", { "class": "mono", text: c.broken })
      ]));
      b.appendChild(el("div", { "class": "muted", text: "How the evaluator decides it:" }));
      b.appendChild(el("pre", { "class": "trace", text: c.trace.join("\n") }));
      b.appendChild(a.violations ? boxesTable(a.violations) : el("div", { "class": "muted", text: "Violation boxes were not computed (--max-boxes 0)." }));
    } else if (a.verdict === "proved") {
      if (a.dependsOn.length || a.dependsOnSteps.length) {
        b.appendChild(el("div", { "class": "muted", text: "The proof rests on these rules and steps (each needed, together enough):" }));
        var ul = el("ul", { "class": "rules" });
        a.dependsOn.forEach(function (r) {
          ul.appendChild(el("li", null, [el("span", { "class": "mono", text: r.rule }), el("span", { "class": "muted", text: "  group " + r.group + ", " + r.file + ":" + r.line + (r.legacy ? " (legacy default rule)" : "") })]));
        });
        a.dependsOnSteps.forEach(function (st) { ul.appendChild(el("li", { text: st })); });
        b.appendChild(ul);
      } else {
        b.appendChild(el("div", { "class": "muted", text: "The proof rests on no rule: it holds by the defaults and the group policies alone." }));
      }
    } else {
      b.appendChild(el("div", { "class": "kv" }, [el("div", { text: "reason" }), el("div", { text: a.reason || "" })]));
    }
    return b;
  }

  function protoName(p) {
    return { 1: "icmp", 6: "tcp", 17: "udp", 47: "gre", 58: "icmpv6" }[p] || null;
  }
  function range(lo, hi) { return lo === hi ? String(lo) : lo + "\u2013" + hi; }

  function boxesTable(v) {
    var wrap = el("div");
    var shownText = v.truncated ? "every violating flow, in " + fmt(v.total) + " boxes; the first " + v.boxes.length + " are listed"
      : "every violating flow, in " + plural(v.total, "box", "boxes");
    wrap.appendChild(el("div", { "class": "muted", text: "Violations: " + shownText + " (disjoint; their union is exactly the flows that break the assertion)." }));
    var t = el("table", { "class": "boxes" });
    t.appendChild(el("thead", null, el("tr", null, ["", "protocol", "source", "source ports", "destination", "destination ports", "one flow of the box (for sgproof explain)"].map(function (h) { return el("th", { text: h }); }))));
    var tb = el("tbody");
    v.boxes.forEach(function (x) {
      var proto = x[1] === x[2] ? (protoName(x[1]) || "proto " + x[1]) : "proto " + x[1] + "\u2013" + x[2];
      tb.appendChild(el("tr", null, [
        el("td", null, el("span", { "class": "tag " + (x[0] ? "permitted" : "denied"), text: x[0] ? "permitted" : "denied" })),
        el("td", { "class": "mono", text: proto }),
        el("td", { "class": "mono", text: x[3] === x[4] ? x[3] : x[3] + " \u2013 " + x[4] }),
        el("td", { "class": "mono", text: x[7] === null ? "" : range(x[7], x[8]) }),
        el("td", { "class": "mono", text: x[5] === x[6] ? x[5] : x[5] + " \u2013 " + x[6] }),
        el("td", { "class": "mono", text: x[9] === null ? "" : range(x[9], x[10]) }),
        el("td", { "class": "mono", text: x[11] === null ? "" : x[11] })
      ]));
    });
    t.appendChild(tb);
    wrap.appendChild(t);
    return wrap;
  }

  // ---------------------------------------------------------------- matrix
  function decodeRow(m, i) {
    if (!m.decoded) m.decoded = [];
    if (m.decoded[i]) return m.decoded[i];
    var out = [];
    m.cells[i].forEach(function (v) {
      if (v < 0) { for (var k = 0; k < -v; k++) out.push(0); } else out.push(v);
    });
    m.decoded[i] = out;
    return out;
  }
  function lineLabel(names) { return names.length === 1 ? names[0] : names[0] + " (+" + (names.length - 1) + ")"; }
  function cellClass(k) {
    if (!k[2]) return "noflow";
    if (k[0]) return "always";
    if (k[1]) return "sometimes";
    return "never";
  }
  var SYMBOL = { always: "\u25cf", sometimes: "\u25d0", never: "", noflow: "\u00b7" };

  function matrixSection(f) {
    var sec = el("section", { id: "matrix" });
    sec.appendChild(el("h2", { text: "Who reaches whom" }));
    if (!f.matrices || !f.matrices.length) {
      sec.appendChild(el("p", { "class": "muted", text: "No matrix in this report." }));
      return sec;
    }
    sec.appendChild(el("p", { "class": "muted", text: "Each cell is the traffic permitted from the row to the column: always (for every address of the pair and every source port), sometimes (for some of them), never. Rows and columns that behave alike are folded into one with a count. Hover over a cell for its traffic, click it for the details." }));
    var legend = el("div", { "class": "legend" });
    [["always", "always: some traffic always passes"], ["sometimes", "sometimes: passes for some addresses or ports only"], ["never", "never: nothing passes"], ["noflow", "no flow exists between the two"]].forEach(function (x) {
      legend.appendChild(el("span", null, [el("span", { "class": "sw " + x[0] }, SYMBOL[x[0]]), x[1]]));
    });
    var state = { m: 0, rowFilter: "", colFilter: "", rowPage: 0, colPage: 0, sel: null };
    var bar = el("div", { "class": "toolbar" });
    var which = el("select", { id: "matrix-by", "aria-label": "matrix by", onchange: function () { state.m = Number(which.value); state.rowPage = state.colPage = 0; state.sel = null; draw(); } });
    f.matrices.forEach(function (m, i) { which.appendChild(el("option", { value: i, text: "by " + m.by })); });
    var rf = el("input", { type: "search", id: "matrix-row-filter", placeholder: "filter rows (from)", "aria-label": "filter rows",
      oninput: function () { state.rowFilter = rf.value.toLowerCase(); state.rowPage = 0; draw(); } });
    var cf = el("input", { type: "search", id: "matrix-col-filter", placeholder: "filter columns (to)", "aria-label": "filter columns",
      oninput: function () { state.colFilter = cf.value.toLowerCase(); state.colPage = 0; draw(); } });
    bar.appendChild(which); bar.appendChild(rf); bar.appendChild(cf);
    sec.appendChild(bar);
    var pagers = el("div", { "class": "toolbar" });
    var rowPager = el("div", { "class": "pager", id: "matrix-row-pager" });
    var colPager = el("div", { "class": "pager", id: "matrix-col-pager" });
    pagers.appendChild(el("span", { "class": "muted", text: "rows:" })); pagers.appendChild(rowPager);
    pagers.appendChild(el("span", { "class": "muted", text: "columns:" })); pagers.appendChild(colPager);
    sec.appendChild(pagers);
    sec.appendChild(legend);
    var grid = el("div", { "class": "layout" });
    var heat = el("div", { "class": "heat-wrap" });
    var detail = el("div", { "class": "detail", id: "matrix-detail", "aria-live": "polite" });
    grid.appendChild(heat); grid.appendChild(detail);
    sec.appendChild(grid);

    function matches(names, q) {
      if (!q) return true;
      for (var i = 0; i < names.length; i++) if (names[i].toLowerCase().indexOf(q) >= 0) return true;
      return false;
    }
    function showDetail(m, i, j) {
      clear(detail);
      if (i === null) {
        detail.appendChild(el("div", { "class": "muted", text: "Click a cell to see its traffic." }));
        return;
      }
      var rows = m.rows, cols = m.columns || m.rows;
      var k = m.kinds[decodeRow(m, i)[j]];
      detail.appendChild(el("h4", { text: lineLabel(rows[i]) + " \u2192 " + lineLabel(cols[j]) }));
      var kv = el("div", { "class": "kv", id: "matrix-detail-traffic" });
      if (!k[2]) {
        kv.appendChild(el("div", { text: "traffic" })); kv.appendChild(el("div", { text: "no flow exists between the two (both external, or one NIC)" }));
      } else {
        kv.appendChild(el("div", { text: "always" })); kv.appendChild(el("div", { "class": "mono", "data-traffic": "always", text: m.traffic[k[0]] || "nothing" }));
        kv.appendChild(el("div", { text: "sometimes" })); kv.appendChild(el("div", { "class": "mono", "data-traffic": "sometimes", text: m.traffic[k[1]] || "nothing" }));
        kv.appendChild(el("div", { text: "never" })); kv.appendChild(el("div", { text: "everything else" }));
      }
      detail.appendChild(kv);
      [["from", rows[i]], ["to", cols[j]]].forEach(function (x) {
        detail.appendChild(el("div", { "class": "muted", text: x[0] + " (" + x[1].length + "):" }));
        detail.appendChild(el("div", { "class": "names", text: x[1].join(", ") }));
      });
    }
    function draw() {
      var m = f.matrices[state.m];
      clear(heat);
      if (m.omitted) {
        clear(rowPager); clear(colPager);
        heat.appendChild(el("p", { "class": "note", text: m.omitted + "." }));
        showDetail(m, null, null);
        return;
      }
      var rows = m.rows, cols = m.columns || m.rows;
      var ri = [], ci = [];
      rows.forEach(function (names, i) { if (matches(names, state.rowFilter)) ri.push(i); });
      cols.forEach(function (names, j) { if (matches(names, state.colFilter)) ci.push(j); });
      var rPages = Math.max(1, Math.ceil(ri.length / MATRIX_ROWS));
      var cPages = Math.max(1, Math.ceil(ci.length / MATRIX_COLS));
      state.rowPage = Math.min(state.rowPage, rPages - 1);
      state.colPage = Math.min(state.colPage, cPages - 1);
      drawPager(rowPager, state.rowPage, rPages, ri.length, "rows", function (p) { state.rowPage = p; draw(); }, "matrix-row-page");
      drawPager(colPager, state.colPage, cPages, ci.length, "columns", function (p) { state.colPage = p; draw(); }, "matrix-col-page");
      var vr = ri.slice(state.rowPage * MATRIX_ROWS, (state.rowPage + 1) * MATRIX_ROWS);
      var vc = ci.slice(state.colPage * MATRIX_COLS, (state.colPage + 1) * MATRIX_COLS);
      var t = el("table", { "class": "heat", id: "matrix-table", "data-by": m.by });
      var hr = el("tr", null, el("th", { "class": "corner" }, [el("div", { text: "to \u2192" }), el("div", { text: "from \u2193" })]));
      vc.forEach(function (j) {
        var names = cols[j];
        hr.appendChild(el("th", { scope: "col", title: names.join(", "), "data-col": j }, el("span", { "class": "vlabel" }, [lineLabel(names)])));
      });
      t.appendChild(el("thead", null, hr));
      var tb = el("tbody");
      vr.forEach(function (i) {
        var tr = el("tr", { "data-row": i });
        var names = rows[i];
        tr.appendChild(el("th", { scope: "row", title: names.join(", ") }, [names[0], names.length > 1 ? el("span", { "class": "count", text: " (+" + (names.length - 1) + ")" }) : null]));
        var row = decodeRow(m, i);
        vc.forEach(function (j) {
          var k = m.kinds[row[j]];
          var cls = cellClass(k);
          var title = lineLabel(names) + " \u2192 " + lineLabel(cols[j]) + ": " + (!k[2] ? "no flow" : (k[0] || k[1]) ?
            (k[0] ? "always " + m.traffic[k[0]] : "") + (k[0] && k[1] ? "; " : "") + (k[1] ? "sometimes " + m.traffic[k[1]] : "") : "never");
          var td = el("td", { "class": cls + (state.sel && state.sel[0] === i && state.sel[1] === j ? " sel" : ""), title: title, "data-cell": i + "," + j }, SYMBOL[cls]);
          td.addEventListener("click", function () {
            var old = t.querySelector("td.sel");
            if (old) old.classList.remove("sel");
            td.classList.add("sel");
            state.sel = [i, j];
            showDetail(m, i, j);
          });
          tr.appendChild(td);
        });
        tb.appendChild(tr);
      });
      t.appendChild(tb);
      heat.appendChild(t);
      if (!vr.length || !vc.length) heat.appendChild(el("p", { "class": "muted", text: "No row or column matches the filter." }));
      if (m.emptyGroups && m.emptyGroups.length) heat.appendChild(el("p", { "class": "muted", text: "Groups without members (left out): " + m.emptyGroups.join(", ") }));
      // a cell that a filter hides is no longer selected (one on another page still is)
      if (state.sel && (ri.indexOf(state.sel[0]) < 0 || ci.indexOf(state.sel[1]) < 0)) state.sel = null;
      if (state.sel) showDetail(m, state.sel[0], state.sel[1]); else showDetail(m, null, null);
    }
    draw();
    return sec;
  }

  // ----------------------------------------------------------------- graph
  function graphSection(f) {
    var sec = el("section", { id: "graph" });
    sec.appendChild(el("h2", { text: "Group graph" }));
    var g = f.graph;
    if (!g) { sec.appendChild(el("p", { "class": "muted", text: "No graph: the file did not resolve." })); return sec; }
    sec.appendChild(el("p", { "class": "muted", text: "Groups, and the address blocks their rules name, as nodes; each rule with a group or address peer as an edge from the side traffic comes from (ingress rules: from the peer; egress rules: to the peer). Solid edges allow, dashed vermilion edges deny; pN is a priority other than 1. Click a node or an edge for its rules." }));
    var byId = {};
    g.nodes.forEach(function (n) { byId[n.id] = n; });
    var grid = el("div", { "class": "stack" });
    var wrap = el("div", { "class": "graph-wrap" });
    var detail = el("div", { "class": "detail", id: "graph-detail" }, el("div", { "class": "muted", text: "Click a node or an edge to see its rules." }));
    grid.appendChild(wrap); grid.appendChild(detail);
    if (g.laidOut) {
      sec.appendChild(grid);
      wrap.appendChild(drawGraph(g, byId, g.nodes, g.edges, null, detail, g.width, g.height));
      return sec;
    }
    // Too many nodes for one picture: the neighbourhood of one group at a time.
    var groups = g.nodes.filter(function (n) { return n.kind === "group"; });
    var degree = {};
    g.edges.forEach(function (e) { degree[e.from] = (degree[e.from] || 0) + 1; degree[e.to] = (degree[e.to] || 0) + 1; });
    var start = groups.slice().sort(function (a, b) { return (degree[b.id] || 0) - (degree[a.id] || 0); })[0];
    var state = { sel: start ? start.id : null, filter: "" };
    sec.appendChild(el("p", { "class": "note", text: "The graph has " + fmt(g.nodes.length) + " nodes and " + fmt(g.edges.length) + " edges: it is shown one group at a time, with the nodes its edges reach (pick a group by name below, or click a node)." }));
    var search = el("input", { type: "search", id: "graph-filter", placeholder: "find a group by name", "aria-label": "find a group",
      oninput: function () { state.filter = search.value.toLowerCase(); drawList(); } });
    var list = el("div", { "class": "group-list", id: "graph-groups" });
    sec.appendChild(el("div", { "class": "toolbar" }, [search]));
    sec.appendChild(list);
    sec.appendChild(grid);
    function drawList() {
      clear(list);
      var hits = groups.filter(function (n) { return !state.filter || n.name.toLowerCase().indexOf(state.filter) >= 0; });
      hits.slice(0, 60).forEach(function (n) {
        list.appendChild(el("button", { type: "button", "class": n.id === state.sel ? "on" : "", text: n.name, onclick: function () { state.sel = n.id; drawList(); drawHood(); } }));
      });
      if (hits.length > 60) list.appendChild(el("span", { "class": "muted", text: "and " + fmt(hits.length - 60) + " more: narrow the filter" }));
      if (!hits.length) list.appendChild(el("span", { "class": "muted", text: "no group matches" }));
    }
    function drawHood() {
      clear(wrap);
      if (!state.sel) return;
      var centre = byId[state.sel];
      var ins = [], outs = [], seenIn = {}, seenOut = {}, edges = [], loops = [];
      g.edges.forEach(function (e) {
        if (e.from === state.sel && e.to === state.sel) { loops.push(e); return; }
        if (e.to === state.sel) { if (!seenIn[e.from]) { seenIn[e.from] = 1; ins.push(e.from); } edges.push(e); }
        else if (e.from === state.sel) { if (!seenOut[e.to]) { seenOut[e.to] = 1; outs.push(e.to); } edges.push(e); }
      });
      outs = outs.filter(function (id) { return !seenIn[id]; }); // a node on both sides is drawn on the left
      var moreIn = Math.max(0, ins.length - NEIGHBOURS_SHOWN), moreOut = Math.max(0, outs.length - NEIGHBOURS_SHOWN);
      ins = ins.slice(0, NEIGHBOURS_SHOWN); outs = outs.slice(0, NEIGHBOURS_SHOWN);
      var pos = {};
      function size(n) {
        var chars = n.kind === "group" ? Math.max(n.name.length, subtitle(n).length * 11 / 13) : n.name.length;
        return { w: Math.max(64, chars * 7.4 + 26), h: n.kind === "group" ? 46 : 30 };
      }
      var colW = 64;
      ins.concat(outs).forEach(function (id) { colW = Math.max(colW, size(byId[id]).w); });
      var cw = size(centre).w;
      var rowsN = Math.max(ins.length, outs.length, 1);
      var height = rowsN * 60 + 48;
      var xIn = 24 + colW / 2, xC = 24 + colW + 240 + cw / 2, xOut = xC + cw / 2 + 240 + colW / 2;
      function column(ids, x) {
        var top = (height - ids.length * 60) / 2 + 30;
        ids.forEach(function (id, k) { var s2 = size(byId[id]); pos[id] = { x: x, y: top + k * 60, w: s2.w, h: s2.h }; });
      }
      column(ins, xIn); column(outs, xOut);
      pos[centre.id] = { x: xC, y: height / 2, w: cw, h: 46 };
      var nodes = [centre].concat(ins.concat(outs).map(function (id) { return byId[id]; }));
      // Each label starts at the neighbour's end of its edge, where the neighbours are a row
      // (60 px) apart, not mid-way, where the edges converge on the centre and their labels
      // would pile up; the labels of one neighbour (allow and deny, ingress and egress) are
      // stacked beside it, centred on its row (their halo keeps them readable over the curves).
      var perNeighbour = {};
      var kept = edges.filter(function (e) { return pos[e.from] && pos[e.to]; });
      kept.forEach(function (e) { var o = e.from === centre.id ? e.to : e.from; perNeighbour[o] = (perNeighbour[o] || 0) + 1; });
      var placed = {};
      var drawn = kept.map(function (e) {
        var a = pos[e.from], b = pos[e.to];
        var fwd = a.x < b.x;
        var other = e.from === centre.id ? e.to : e.from, o = pos[other];
        var left = o.x < pos[centre.id].x;
        var k = placed[other] || 0, n = perNeighbour[other];
        placed[other] = k + 1;
        return Object.assign({}, e, {
          points: [[a.x + (fwd ? a.w / 2 : -a.w / 2), a.y], [b.x + (fwd ? -b.w / 2 : b.w / 2), b.y]],
          lx: o.x + (left ? o.w / 2 + 8 : -o.w / 2 - 8), ly: o.y + 4 + (k - (n - 1) / 2) * 13, anchor: left ? "start" : "end" });
      }).concat(loops);
      var laid = nodes.map(function (n) { return Object.assign({}, n, pos[n.id]); });
      var svg = drawGraph(g, byId, laid, drawn, centre.id, detail, xOut + colW / 2 + 24, height, function (id) { state.sel = id; drawList(); drawHood(); });
      wrap.appendChild(svg);
      if (moreIn || moreOut) wrap.appendChild(el("p", { "class": "muted", text: "Not drawn: " + fmt(moreIn) + " more nodes with edges into " + centre.name + ", " + fmt(moreOut) + " more it has edges to." }));
    }
    drawList();
    drawHood();
    return sec;
  }

  function subtitle(n) { return n.type + " \u00b7 " + n.policy + " \u00b7 " + plural(n.members, "NIC", "NICs"); }

  function drawGraph(g, byId, nodes, edges, selected, detail, width, height, recentre) {
    var svg = sv("svg", { "class": "graph", width: Math.max(200, width), height: Math.max(80, height), viewBox: "0 0 " + Math.max(200, width) + " " + Math.max(80, height), role: "img", "aria-label": "group graph" });
    var defs = sv("defs");
    [["allow", "#44556a"], ["deny", "#d55e00"]].forEach(function (x) {
      defs.appendChild(sv("marker", { id: "arrow-" + x[0], viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" },
        sv("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: x[1] })));
    });
    svg.appendChild(defs);
    var at = {};
    nodes.forEach(function (n) { at[n.id] = n; });
    var edgeLayer = sv("g"), nodeLayer = sv("g"), labelLayer = sv("g");
    svg.appendChild(edgeLayer); svg.appendChild(nodeLayer); svg.appendChild(labelLayer);
    var nodeEls = {}, edgeEls = [];
    function focus(ids, edgeSet) {
      svg.classList.add("focus");
      Object.keys(nodeEls).forEach(function (id) { nodeEls[id].classList.toggle("lit", !!ids[id]); nodeEls[id].classList.toggle("sel", false); });
      edgeEls.forEach(function (x) { var lit = edgeSet.indexOf(x.e) >= 0; x.g.classList.toggle("lit", lit); x.l.classList.toggle("lit", lit); });
    }
    edges.forEach(function (e) {
      var ge = sv("g", { "class": "edge " + e.action, "data-from": e.from, "data-to": e.to });
      var gl = sv("g", { "class": "edge " + e.action });
      var d, lx, ly;
      if (e.from === e.to) {
        var n = at[e.from];
        if (!n) return;
        var x0 = n.x - n.w / 4, x1 = n.x + n.w / 4, y0 = n.y - n.h / 2;
        d = "M " + x0 + " " + y0 + " C " + (x0 - 10) + " " + (y0 - 42) + " " + (x1 + 10) + " " + (y0 - 42) + " " + x1 + " " + y0;
        lx = n.x; ly = y0 - 34;
      } else {
        var p = e.points;
        d = "M " + p[0][0] + " " + p[0][1];
        for (var k = 1; k < p.length; k++) {
          var dx = (p[k][0] - p[k - 1][0]) / 2;
          d += " C " + (p[k - 1][0] + dx) + " " + p[k - 1][1] + " " + (p[k][0] - dx) + " " + p[k][1] + " " + p[k][0] + " " + p[k][1];
        }
        if (e.lx !== undefined) { lx = e.lx; ly = e.ly; } else {
          var mid = Math.floor((p.length - 1) / 2);
          lx = (p[mid][0] + p[mid + 1][0]) / 2; ly = (p[mid][1] + p[mid + 1][1]) / 2 - 5;
        }
      }
      ge.appendChild(sv("path", { d: d, "marker-end": "url(#arrow-" + e.action + ")" }));
      ge.appendChild(sv("path", { "class": "hit", d: d }));
      var full = e.label;
      var shortText = full.length > 30 ? full.slice(0, 29) + "\u2026" : full;
      var label = sv("text", { x: lx, y: ly, "text-anchor": e.anchor || "middle" }, shortText);
      ge.appendChild(sv("title", null, byId[e.from].name + " \u2192 " + byId[e.to].name + ": " + full));
      gl.appendChild(label);
      function pick() {
        var ids = {}; ids[e.from] = 1; ids[e.to] = 1;
        focus(ids, [e]);
        showEdges(detail, byId, [e], byId[e.from].name + " \u2192 " + byId[e.to].name);
      }
      ge.addEventListener("click", pick);
      gl.addEventListener("click", pick);
      edgeLayer.appendChild(ge);
      labelLayer.appendChild(gl);
      edgeEls.push({ e: e, g: ge, l: gl });
    });
    nodes.forEach(function (n) {
      var gn = sv("g", { "class": "node " + n.kind + (n.type === "advanced" ? " advanced" : ""), "data-node": n.id, transform: "translate(" + (n.x - n.w / 2) + "," + (n.y - n.h / 2) + ")" });
      gn.appendChild(sv("rect", { width: n.w, height: n.h, rx: n.kind === "group" ? 7 : 15 }));
      if (n.kind === "group") {
        gn.appendChild(sv("text", { "class": "name", x: n.w / 2, y: 19, "text-anchor": "middle" }, n.name));
        gn.appendChild(sv("text", { "class": "sub", x: n.w / 2, y: 35, "text-anchor": "middle" }, subtitle(n)));
      } else {
        gn.appendChild(sv("text", { "class": "name", x: n.w / 2, y: 19, "text-anchor": "middle" }, n.name));
      }
      gn.appendChild(sv("title", null, n.kind === "group" ? "group " + n.name + " (" + n.file + ":" + n.line + ")" : "address block " + n.name + (n.side === "from" ? " (a source of ingress rules)" : " (a destination of egress rules)")));
      gn.addEventListener("click", function () {
        if (recentre && n.kind === "group" && n.id !== selected) { recentre(n.id); return; }
        var ids = {}; ids[n.id] = 1;
        var es = edges.filter(function (e) { return e.from === n.id || e.to === n.id; });
        es.forEach(function (e) { ids[e.from] = 1; ids[e.to] = 1; });
        focus(ids, es);
        gn.classList.add("sel");
        showEdges(detail, byId, es, n.kind === "group" ? "group " + n.name : n.name);
      });
      nodeLayer.appendChild(gn);
      nodeEls[n.id] = gn;
    });
    svg.addEventListener("click", function (ev) {
      if (ev.target === svg) { svg.classList.remove("focus"); clear(detail); detail.appendChild(el("div", { "class": "muted", text: "Click a node or an edge to see its rules." })); }
    });
    if (selected && nodeEls[selected]) nodeEls[selected].classList.add("sel");
    return svg;
  }

  function showEdges(detail, byId, edges, title) {
    clear(detail);
    detail.appendChild(el("h4", { text: title }));
    if (!edges.length) { detail.appendChild(el("div", { "class": "muted", text: "No rule names it or is written in it." })); return; }
    edges.forEach(function (e) {
      detail.appendChild(el("div", { "class": "muted", text: byId[e.from].name + " \u2192 " + byId[e.to].name + " (" + e.direction + ", " + e.action + ")" }));
      var ul = el("ul", { "class": "rules" });
      e.rules.forEach(function (r) {
        ul.appendChild(el("li", null, [el("span", { "class": "mono", text: r.rule }), el("span", { "class": "muted", text: "  in " + r.group + ", " + r.file + ":" + r.line + (r.legacy ? " (legacy default)" : "") })]));
      });
      detail.appendChild(ul);
    });
  }

  showFile();
  document.body.setAttribute("data-ready", "1");
  window.sgproofRendered = performance.now();
})();
