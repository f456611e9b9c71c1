// The operator's read-only web UI: its JSON API polled every 2 s; the runner page's stylesheet, table columns and
// tab keys. No library, no CDN. The hash is the route: #/ (the list) or #/NAMESPACE/NAME (a LoadTest).
"use strict";
(function () {
  const POLL_MS = 2000;
  const $ = (id) => document.getElementById(id);

  // --- numbers (as the runner's page shows them) ---------------------------------------------------
  function ms(v) {
    if (v === null || v === undefined) return "";
    if (v >= 100 || v === 0) return String(Math.round(v));
    return String(Number(v.toPrecision(3)));
  }
  function num(v, digits) {
    if (v === null || v === undefined) return "";
    return Number(v).toFixed(digits).replace(/\.?0+$/, "") || "0";
  }
  function pct(ratio) {
    return ratio === null || ratio === undefined ? "" : num(ratio * 100, 2) + "%";
  }
  function signed(v, text) {
    if (v === null || v === undefined) return "";
    return (v > 0 ? "+" : v < 0 ? "\u2212" : "\u00b1") + text(Math.abs(v));
  }
  function cell(tr, text, cls, header) {
    const td = document.createElement(header ? "th" : "td");
    if (header) td.scope = "row";
    td.textContent = text === null || text === undefined ? "" : text;
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }
  function when(t) {
    return t ? t.replace("T", " ").replace("Z", " UTC") : "";
  }

  // --- routing -----------------------------------------------------------------------------------
  function route() {
    const parts = location.hash.replace(/^#\/?/, "").split("/").filter((p) => p);
    return parts.length === 2 ? { namespace: decodeURIComponent(parts[0]), name: decodeURIComponent(parts[1]) } : null;
  }
  function href(namespace, name) {
    return "#/" + encodeURIComponent(namespace) + "/" + encodeURIComponent(name);
  }
  $("skip").addEventListener("click", (ev) => { ev.preventDefault(); $("content").focus(); });

  // --- tabs (WAI-ARIA tabs pattern: arrows, Home and End move between tabs) ------------------------
  const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
  function selectTab(tab, focus) {
    tabs.forEach((t) => {
      const selected = t === tab;
      t.setAttribute("aria-selected", String(selected));
      t.tabIndex = selected ? 0 : -1;
      $(t.getAttribute("aria-controls")).hidden = !selected;
    });
    if (focus) tab.focus();
  }
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => selectTab(tab, false));
    tab.addEventListener("keydown", (ev) => {
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[ev.key];
      if (next === undefined) return;
      ev.preventDefault();
      selectTab(tabs[(next + tabs.length) % tabs.length], true);
    });
  });

  // A refresh replaces links: the one that had the focus hands it to its successor (same href), so that a keyboard
  // user is not thrown back to the top every 2 s.
  function keepingFocus(render) {
    const focused = document.activeElement;
    const key = focused && focused.tagName === "A" ? focused.getAttribute("href") : null;
    render();
    if (key && !document.body.contains(focused)) {
      const next = Array.from(document.querySelectorAll("a")).find((a) => a.getAttribute("href") === key);
      if (next) next.focus();
    }
  }

  // --- the list ----------------------------------------------------------------------------------
  function renderList(data) {
    const rows = document.createDocumentFragment();
    for (const lt of data.loadTests) {
      const tr = document.createElement("tr");
      tr.dataset.name = lt.namespace + "/" + lt.name;
      cell(tr, lt.namespace);
      const th = cell(tr, "", null, true);
      const a = document.createElement("a");
      a.href = href(lt.namespace, lt.name);
      a.textContent = lt.name;
      th.appendChild(a);
      cell(tr, lt.phase);
      cell(tr, lt.verdict, lt.verdict === "Passed" ? "pass" : lt.verdict === "Failed" ? "fail" : null);
      cell(tr, lt.users === null ? "" : String(lt.users));
      cell(tr, num(lt.currentRps, 1));
      cell(tr, lt.requests === null ? "" : String(lt.requests));
      cell(tr, lt.failures === null ? "" : String(lt.failures));
      cell(tr, ms(lt.p95Ms));
      cell(tr, lt.runId);
      rows.appendChild(tr);
    }
    keepingFocus(() => $("list-table").tBodies[0].replaceChildren(rows));
    $("list-empty").hidden = data.loadTests.length > 0;
  }

  // --- one LoadTest ------------------------------------------------------------------------------
  function renderPage(p) {
    $("phase").textContent = p.phase;
    $("verdict").textContent = p.verdict + (p.reason ? " (" + p.reason + ")" : "");
    $("verdict").className = p.verdict === "Passed" ? "pass" : p.verdict === "Failed" ? "fail" : "";
    $("user-count").textContent = p.users === null ? "-" : String(p.users);
    $("total-rps").textContent = p.currentRps === null ? "-" : num(p.currentRps, 1);
    $("fail-ratio").textContent = p.failRatio === null ? "-" : pct(p.failRatio);
    $("run-id").textContent = p.runId || "-";
    $("message").textContent = p.message || "";
    $("source").textContent = p.source === "live"
      ? "Live: the operator's merge of its last poll of the runners (" + new Date(p.updated).toLocaleTimeString() + ")."
      : p.source === "status" ? "From the LoadTest's status (the run's live figures are not in this operator's memory): "
        + (p.stats.length - 1 < p.endpointCount ? "the busiest " + (p.stats.length - 1) + " of " + p.endpointCount
          + " endpoints" : "every endpoint") + " and Aggregated." : "No figures yet.";
    document.body.dataset.phase = p.phase;

    const rows = document.createDocumentFragment();
    for (const s of p.stats) {
      const tr = document.createElement("tr");
      if (s.name === "Aggregated" && s.method === "") tr.className = "aggregated";
      cell(tr, s.method);
      cell(tr, s.name);
      cell(tr, String(s.num_requests));
      cell(tr, String(s.num_failures));
      cell(tr, ms(s.median_response_time));
      cell(tr, ms(s["response_time_percentile_0.95"]));
      cell(tr, ms(s["response_time_percentile_0.99"]));
      cell(tr, ms(s.avg_response_time));
      cell(tr, ms(s.min_response_time));
      cell(tr, ms(s.max_response_time));
      cell(tr, num(s.avg_content_length, 0));
      cell(tr, num(s.current_rps, 1));
      cell(tr, num(s.current_fail_per_sec, 1));
      rows.appendChild(tr);
    }
    $("stats-table").tBodies[0].replaceChildren(rows);

    const frows = document.createDocumentFragment();
    for (const f of p.failures) {
      const tr = document.createElement("tr");
      cell(tr, String(f.occurrences));
      cell(tr, f.method);
      cell(tr, f.name);
      cell(tr, f.error);
      frows.appendChild(tr);
    }
    $("failures-table").tBodies[0].replaceChildren(frows);
    $("tab-failures").textContent = "Failures" + (p.failures.length ? " (" + p.failures.length + ")" : "");
    $("exceptions").textContent = p.exceptions ? p.exceptions + " exceptions thrown by the loadfile's code." : "";

    const trows = document.createDocumentFragment();
    for (const t of p.thresholds) {
      const tr = document.createElement("tr");
      cell(tr, t.met ? "PASS" : "FAIL", t.met ? "pass" : "fail");
      cell(tr, t.message);
      trows.appendChild(tr);
    }
    $("thresholds-table").tBodies[0].replaceChildren(trows);
    $("threshold-summary").textContent = !p.thresholdsDefined ? "This LoadTest has no spec.thresholds."
      : p.thresholds.length === 0 ? "The thresholds are judged once the run has figures."
        : p.thresholds.every((t) => t.met) ? "Every threshold is met." : "Some thresholds are not met.";

    const hrows = document.createDocumentFragment();
    for (const r of p.history) {
      const tr = document.createElement("tr");
      if (r.current) tr.className = "current";
      cell(tr, r.runId, null, true);
      cell(tr, r.result, r.result === "Succeeded" ? "pass" : r.result === "Failed" ? "fail" : null);
      cell(tr, when(r.startTime));
      cell(tr, r.requests === null ? "" : String(r.requests));
      cell(tr, r.failures === null ? "" : String(r.failures));
      cell(tr, pct(r.failRatio));
      cell(tr, num(r.rps, 2));
      cell(tr, ms(r.p95Ms));
      cell(tr, r.thresholdsMet === null ? "" : r.thresholdsMet ? "met" : "not met",
        r.thresholdsMet === null ? null : r.thresholdsMet ? "pass" : "fail");
      const d = r.delta;
      cell(tr, d ? signed(d.rps, (v) => num(v, 2)) + (d.rpsPercent === null ? "" : " (" + signed(d.rpsPercent, (v) => num(v, 1)) + "%)") : "", "delta");
      cell(tr, d ? signed(d.p95Ms, ms) + (d.p95Percent === null ? "" : " (" + signed(d.p95Percent, (v) => num(v, 1)) + "%)") : "", "delta");
      cell(tr, d ? signed(d.failRatio === null ? null : d.failRatio * 100, (v) => num(v, 2) + " pt") : "", "delta");
      hrows.appendChild(tr);
    }
    $("history-table").tBodies[0].replaceChildren(hrows);

    renderDownloads(p);
  }

  function renderDownloads(p) {
    const runs = p.downloads || [];
    $("download-none").hidden = runs.length > 0;
    const list = document.createDocumentFragment();
    for (const run of runs) {
      const li = document.createElement("li");
      li.appendChild(document.createTextNode("Run " + run.runId + ": "));
      run.files.forEach((f, i) => {
        if (i > 0) li.appendChild(document.createTextNode(", "));
        const a = document.createElement("a");
        a.href = f.href;
        a.setAttribute("download", "");
        a.textContent = f.label;
        li.appendChild(a);
      });
      list.appendChild(li);
    }
    keepingFocus(() => $("downloads").replaceChildren(list));
  }

  // --- polling -----------------------------------------------------------------------------------
  let shown = null;
  let inFlight = false;
  async function poll() {
    if (inFlight) return;
    inFlight = true;
    const r = route();
    try {
      if (r) {
        const res = await fetch("api/loadtests/" + encodeURIComponent(r.namespace) + "/" + encodeURIComponent(r.name));
        const body = await res.json();
        if (!res.ok) throw new Error(body.message);
        renderPage(body);
      } else {
        renderList(await (await fetch("api/loadtests")).json());
      }
      $("unreachable").textContent = "";
    } catch (e) {
      $("unreachable").textContent = "The operator did not answer: " + e.message;
    } finally {
      inFlight = false;
    }
  }
  function show() {
    const r = route();
    const key = r ? r.namespace + "/" + r.name : "";
    $("list-view").hidden = !!r;
    $("detail-view").hidden = !r;
    $("boxes").hidden = !r;
    $("where").textContent = r ? key : "LoadTests in the cluster";
    $("detail-title").textContent = r ? "LoadTest " + key : "LoadTest";
    document.title = "loadtest: " + (r ? key : "LoadTests");
    if (shown !== key) {
      // a new route moves the focus to the content, as a page load would; the first load leaves it at the top
      if (shown !== null) $("content").focus();
      shown = key;
      if (r) selectTab(tabs[0], false);
    }
    poll();
  }
  window.addEventListener("hashchange", show);
  show();
  setInterval(poll, POLL_MS);
})();
