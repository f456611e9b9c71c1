// The runner's web UI: Locust's web API polled every 2 s, hand-drawn canvas charts, no library, no CDN.
"use strict";
(function () {
  const POLL_MS = 2000;
  const settings = JSON.parse(document.getElementById("settings").textContent);
  const $ = (id) => document.getElementById(id);
  let state = "ready";
  let editing = false;
  let starting = true;

  // --- numbers -----------------------------------------------------------------------------------
  function ms(v) {
    if (v === null || v === undefined) return "";
    if (v >= 100 || v === 0) return String(Math.round(v));
    return String(Number(v.toPrecision(3)));
  }
  function num(v, digits) {
    return Number(v).toFixed(digits).replace(/\.?0+$/, "") || "0";
  }
  function cell(tr, text, cls) {
    const td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }

  // --- forms and buttons -------------------------------------------------------------------------
  function fillStartForm() {
    $("user_count").value = settings.user_count;
    $("spawn_rate").value = settings.spawn_rate;
    $("host").value = settings.host || "";
    $("run_time").value = settings.run_time || "";
  }
  function formBody(fields) {
    return new URLSearchParams(fields).toString();
  }
  async function swarm(fields, errorBox) {
    errorBox.textContent = "";
    try {
      const res = await fetch("swarm", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: formBody(fields),
      });
      const reply = await res.json();
      if (!reply.success) {
        errorBox.textContent = reply.message;
        return false;
      }
      if (reply.host !== undefined && reply.host !== null) $("host-value").textContent = reply.host;
      return true;
    } catch (e) {
      errorBox.textContent = "The runner did not answer: " + e;
      return false;
    }
  }
  $("start-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const ok = await swarm({
      user_count: $("user_count").value.trim(), spawn_rate: $("spawn_rate").value.trim(),
      host: $("host").value.trim(), run_time: $("run_time").value.trim(),
    }, $("start-error"));
    if (ok) {
      starting = false;
      settings.user_count = $("user_count").value.trim();
      settings.spawn_rate = $("spawn_rate").value.trim();
      showPanels();
      poll();
      $("tab-stats").focus();
    }
  });
  $("edit-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const ok = await swarm({
      user_count: $("edit_user_count").value.trim(), spawn_rate: $("edit_spawn_rate").value.trim(),
    }, $("edit-error"));
    if (ok) {
      settings.user_count = $("edit_user_count").value.trim();
      settings.spawn_rate = $("edit_spawn_rate").value.trim();
      editing = false;
      showPanels();
      poll();
      $("edit-test").focus();
    }
  });
  $("new-test").addEventListener("click", () => {
    starting = true;
    fillStartForm();
    showPanels();
    $("user_count").focus();
  });
  $("start-cancel").addEventListener("click", () => { starting = false; showPanels(); $("new-test").focus(); });
  $("edit-test").addEventListener("click", () => {
    editing = true;
    $("edit_user_count").value = settings.user_count;
    $("edit_spawn_rate").value = settings.spawn_rate;
    showPanels();
    $("edit_user_count").focus();
  });
  $("edit-cancel").addEventListener("click", () => { editing = false; showPanels(); $("edit-test").focus(); });
  $("stop").addEventListener("click", async () => { await fetch("stop"); poll(); });
  $("reset-stats").addEventListener("click", async () => { await fetch("stats/reset"); poll(); });

  function active() {
    return state === "spawning" || state === "running";
  }
  function showPanels() {
    const idle = !active() && state !== "stopping";
    $("start-panel").hidden = !(idle && starting);
    $("start-cancel").hidden = state === "ready";
    $("edit-panel").hidden = !(active() && editing);
    $("new-test").disabled = !idle;
    $("edit-test").disabled = !active();
    $("stop").disabled = !active();
  }

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
    poll();
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
  function currentTab() {
    return tabs.find((t) => t.getAttribute("aria-selected") === "true").id;
  }

  // --- rendering ---------------------------------------------------------------------------------
  function renderStats(data) {
    state = data.state;
    $("status").textContent = state;
    $("user-count").textContent = data.user_count;
    $("total-rps").textContent = num(data.current_rps, 1);
    $("fail-ratio").textContent = num(data.fail_ratio * 100, 1) + "%";
    document.body.dataset.state = state;
    const body = $("stats-table").tBodies[0];
    const rows = document.createDocumentFragment();
    for (const s of data.stats) {
      const tr = document.createElement("tr");
      if (s.name === "Aggregated" && s.method === "") tr.className = "aggregated";
      cell(tr, s.method);
      cell(tr, s.name);
      cell(tr, String(s.num_requests));
      cell(tr, String(s.num_failures));
      const none = s.num_requests === 0;
      cell(tr, none ? "" : ms(s.median_response_time));
      cell(tr, none ? "" : ms(s["response_time_percentile_0.95"]));
      cell(tr, none ? "" : ms(s["response_time_percentile_0.99"]));
      cell(tr, none ? "" : ms(s.avg_response_time));
      cell(tr, none ? "" : ms(s.min_response_time));
      cell(tr, none ? "" : ms(s.max_response_time));
      cell(tr, num(s.avg_content_length, 0));
      cell(tr, num(s.current_rps, 1));
      cell(tr, num(s.current_fail_per_sec, 1));
      rows.appendChild(tr);
    }
    body.replaceChildren(rows);
    renderOpenModel(data.open_model);
    const failures = $("failures-table").tBodies[0];
    const frows = document.createDocumentFragment();
    for (const e of data.errors) {
      const tr = document.createElement("tr");
      cell(tr, String(e.occurrences));
      cell(tr, e.method);
      cell(tr, e.name);
      cell(tr, e.error);
      frows.appendChild(tr);
    }
    failures.replaceChildren(frows);
    $("tab-failures").textContent = "Failures" + (data.errors.length ? " (" + data.errors.length + ")" : "");
    showPanels();
  }

  // an open-model run only (an arrival rate): raw and corrected percentiles side by side
  function renderOpenModel(open) {
    $("open-model").hidden = !open;
    if (!open) return;
    $("open-model-counts").textContent = "Open model: " + num(open.arrival_rate, 2) + " iterations/s asked, " +
      open.iterations + " iterations started, " + open.dropped + " dropped";
    const rows = document.createDocumentFragment();
    for (const s of open.stats) {
      const tr = document.createElement("tr");
      if (s.name === "Aggregated" && s.method === "") tr.className = "aggregated";
      cell(tr, s.method);
      cell(tr, s.name);
      cell(tr, String(s.num_requests));
      s.raw_ms.forEach((raw, i) => {
        cell(tr, s.num_requests === 0 ? "" : ms(raw));
        cell(tr, s.corrected_num_requests === 0 ? "" : ms(s.corrected_ms[i]), "corrected");
      });
      rows.appendChild(tr);
    }
    $("corrected-table").tBodies[0].replaceChildren(rows);
  }

  function renderExceptions(data) {
    const rows = document.createDocumentFragment();
    for (const x of data.exceptions) {
      const tr = document.createElement("tr");
      cell(tr, String(x.count));
      cell(tr, x.msg);
      const pre = document.createElement("pre");
      pre.textContent = x.traceback;
      cell(tr, "").appendChild(pre);
      cell(tr, x.nodes);
      rows.appendChild(tr);
    }
    $("exceptions-table").tBodies[0].replaceChildren(rows);
  }

  function ratioList(entries) {
    const ul = document.createElement("ul");
    for (const [name, r] of Object.entries(entries)) {
      const li = document.createElement("li");
      li.textContent = (r.ratio * 100).toFixed(1) + "% " + name;
      if (r.tasks && Object.keys(r.tasks).length) li.appendChild(ratioList(r.tasks));
      ul.appendChild(li);
    }
    return ul;
  }
  function renderRatios(data) {
    for (const [key, id] of [["per_class", "ratio-per-class"], ["total", "ratio-total"]]) {
      const box = $(id);
      box.className = "ratios";
      box.replaceChildren(ratioList(data[key]));
    }
  }

  function renderThresholds(data) {
    const rows = document.createDocumentFragment();
    for (const t of data.thresholds) {
      const tr = document.createElement("tr");
      cell(tr, t.met ? "PASS" : "FAIL", t.met ? "pass" : "fail");
      cell(tr, t.message);
      rows.appendChild(tr);
    }
    $("thresholds-table").tBodies[0].replaceChildren(rows);
    $("threshold-summary").textContent = data.configured === 0
      ? "This run has no thresholds: run a LoadTest manifest with spec.thresholds (loadtest run FILE.yaml)."
      : data.all_met === null ? "Start a test to judge the " + data.configured + " thresholds."
        : data.all_met ? "Every threshold is met so far." : "Some thresholds are not met.";
  }

  // --- charts: plain canvas, one or two series over time ---------------------------------------------
  const COLORS = { rps: "#1f8a4c", fail: "#c62828", p50: "#1a5fb4", p95: "#d97706", users: "#555" };
  function niceMax(v) {
    if (v <= 0) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
    return 10 * p;
  }
  function clock(t) {
    return new Date(t).toTimeString().slice(0, 8);
  }
  function drawChart(canvas, points, series, label) {
    const ratio = window.devicePixelRatio || 1;
    const w = canvas.clientWidth, h = canvas.clientHeight;
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, w, h);
    const left = 52, right = 12, top = 10, bottom = 24;
    const pw = w - left - right, ph = h - top - bottom;
    let max = 0;
    for (const p of points) for (const s of series) max = Math.max(max, p[s.key]);
    max = niceMax(max);
    g.font = "11px system-ui, sans-serif";
    g.fillStyle = "#5b6673";
    g.strokeStyle = "#e3e8ed";
    g.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const y = top + ph - (ph * i) / 4;
      g.beginPath(); g.moveTo(left, y); g.lineTo(left + pw, y); g.stroke();
      g.textAlign = "right"; g.textBaseline = "middle";
      g.fillText(num((max * i) / 4, 2), left - 6, y);
    }
    if (points.length > 0) {
      const t0 = points[0].epochMillis, t1 = points[points.length - 1].epochMillis;
      const span = Math.max(1, t1 - t0);
      const x = (t) => left + (pw * (t - t0)) / span;
      g.textAlign = "left"; g.textBaseline = "top";
      g.fillText(clock(t0), left, top + ph + 6);
      g.textAlign = "right";
      g.fillText(clock(t1), left + pw, top + ph + 6);
      for (const s of series) {
        g.strokeStyle = s.color;
        g.lineWidth = 2;
        g.beginPath();
        points.forEach((p, i) => {
          const px = points.length === 1 ? left + pw : x(p.epochMillis);
          const py = top + ph - (ph * p[s.key]) / max;
          if (i === 0) g.moveTo(px, py); else g.lineTo(px, py);
        });
        g.stroke();
      }
      const last = points[points.length - 1];
      canvas.setAttribute("aria-label", label + ", latest: " +
        series.map((s) => s.name + " " + num(last[s.key], 2)).join(", "));
    } else {
      canvas.setAttribute("aria-label", label + ": no data yet");
    }
  }
  function renderCharts(data) {
    const points = data.history;
    drawChart($("chart-rps"), points, [{ key: "requestsPerSec", color: COLORS.rps, name: "RPS" },
      { key: "failuresPerSec", color: COLORS.fail, name: "Failures/s" }], "Total requests per second");
    drawChart($("chart-times"), points, [{ key: "p50Ms", color: COLORS.p50, name: "Median ms" },
      { key: "p95Ms", color: COLORS.p95, name: "95th percentile ms" }], "Response times");
    drawChart($("chart-users"), points, [{ key: "users", color: COLORS.users, name: "Users" }], "Number of users");
  }

  // --- polling -----------------------------------------------------------------------------------
  const EXTRA = {
    "tab-charts": ["stats/history", renderCharts],
    "tab-exceptions": ["exceptions", renderExceptions],
    "tab-ratios": ["tasks", renderRatios],
    "tab-thresholds": ["thresholds", renderThresholds],
  };
  let inFlight = false;
  async function poll() {
    if (inFlight) return;
    inFlight = true;
    try {
      renderStats(await (await fetch("stats/requests")).json());
      const extra = EXTRA[currentTab()];
      if (extra) extra[1](await (await fetch(extra[0])).json());
    } catch (e) {
      $("status").textContent = "runner unreachable";
    } finally {
      inFlight = false;
    }
  }

  $("loadfile").textContent = settings.loadfile;
  $("host-value").textContent = settings.host || "-";
  fillStartForm();
  showPanels();
  poll();
  setInterval(poll, POLL_MS);
  window.addEventListener("resize", () => { if (currentTab() === "tab-charts") poll(); });
})();
