/* Sitrep dashboard: plain JavaScript, no build step. Reads the public API like any
   client: /themes (names and counts), /timeline (the chart), /sitreps/{date} (the
   daily report). The filters live in the page's URL, so a view can be shared. */
"use strict";

(() => {
  const THEMES = ["front_lines", "air_strikes", "humanitarian", "energy", "diplomacy", "economy"];
  const FALLBACK_NAMES = {
    front_lines: "Front lines",
    air_strikes: "Air strikes",
    humanitarian: "Humanitarian",
    energy: "Energy",
    diplomacy: "Diplomacy",
    economy: "Economy",
  };
  const POLL_MS = 30000; // unchanged answers are 304s: the browser revalidates its copy
  const ITEMS_SHOWN = 6; // per theme, before "show all"
  const DAY = 86400;
  const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

  const state = { themes: new Set(THEMES), from: "", to: "", interval: "day", date: "" };
  const catalog = {}; // slug -> {name, description, passages}
  let dataDays = []; // ISO dates with at least one article ingested, ascending
  let chart = null;
  let timeline = null; // the last /timeline answer drawn
  const seen = { timeline: "", report: "" }; // last answers, to redraw only on change
  const sequence = { timeline: 0, report: 0 }; // newest request wins

  const $ = (id) => document.getElementById(id);

  // ---- helpers ---------------------------------------------------------------

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const cssVar = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  const colour = (theme) => cssVar(`--c-${theme}`) || "#888";
  const themeName = (theme) => (catalog[theme] && catalog[theme].name) || FALLBACK_NAMES[theme];

  const dayFormat = new Intl.DateTimeFormat("en-GB", {
    weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC",
  });
  const shortFormat = new Intl.DateTimeFormat("en-GB", {
    day: "numeric", month: "short", year: "numeric", timeZone: "UTC",
  });
  const monthFormat = new Intl.DateTimeFormat("en-GB", {
    month: "long", year: "numeric", timeZone: "UTC",
  });
  const axisDay = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  const axisMonth = new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
  const axisFormat = (ts) => (state.interval === "month" ? axisMonth : axisDay).format(new Date(ts * 1000));
  const toTs = (iso) => Date.parse(`${iso}T00:00:00Z`) / 1000;
  const toIso = (ts) => new Date(ts * 1000).toISOString().slice(0, 10);
  const fmtDay = (iso) => dayFormat.format(new Date(toTs(iso) * 1000));
  const fmtShort = (iso) => shortFormat.format(new Date(toTs(iso) * 1000));
  const addDays = (iso, days) => toIso(toTs(iso) + days * DAY);
  const plural = (n, word, many = `${word}s`) => `${n.toLocaleString("en")} ${n === 1 ? word : many}`;

  function fmtBucket(bucket) {
    if (!bucket) return "–";
    if (state.interval === "month") return monthFormat.format(new Date(toTs(bucket.start) * 1000));
    if (state.interval === "week") return `week of ${fmtShort(bucket.start)}`;
    return fmtDay(bucket.start);
  }

  function safeHref(url) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch {
      return null;
    }
  }

  class ApiError extends Error {
    constructor(status, detail) {
      super(detail);
      this.status = status;
    }
  }

  function apiUrl(path, params = []) {
    const url = new URL(path, window.location.origin);
    for (const [key, value] of params) url.searchParams.append(key, value);
    return url;
  }

  async function api(path, params = []) {
    const response = await fetch(apiUrl(path, params), { headers: { Accept: "application/json" } });
    const text = await response.text();
    if (!response.ok) {
      let detail = `${response.status} ${response.statusText}`;
      try {
        const problem = JSON.parse(text);
        detail = problem.detail || problem.title || detail;
      } catch {
        /* not problem+json: keep the status line */
      }
      if (response.status === 401 || response.status === 403) {
        detail = `${detail} (reads are closed on this server: the dashboard needs open reads)`;
      }
      throw new ApiError(response.status, detail);
    }
    return { text, data: JSON.parse(text) };
  }

  const selectedThemes = () => THEMES.filter((t) => state.themes.has(t));
  // All six is the API's default: leave theme= out for shorter, shared cache keys.
  const themeParams = () =>
    state.themes.size === THEMES.length ? [] : selectedThemes().map((t) => ["theme", t]);

  function rangeParams() {
    const params = [];
    if (state.from) params.push(["from", state.from]);
    if (state.to) params.push(["to", state.to]);
    return params;
  }

  // ---- state <-> URL -----------------------------------------------------------

  function readUrl() {
    const query = new URLSearchParams(window.location.search);
    const themes = query.getAll("theme").filter((t) => THEMES.includes(t));
    if (themes.length) state.themes = new Set(themes);
    for (const key of ["from", "to", "date"]) {
      const value = query.get(key) || "";
      state[key] = ISO_DATE.test(value) ? value : "";
    }
    const interval = query.get("interval");
    if (["day", "week", "month"].includes(interval)) state.interval = interval;
  }

  function writeUrl() {
    const query = new URLSearchParams();
    for (const [key, value] of themeParams()) query.append(key, value);
    for (const [key, value] of rangeParams()) query.append(key, value);
    if (state.interval !== "day") query.set("interval", state.interval);
    if (state.date) query.set("date", state.date);
    const search = query.toString();
    window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
  }

  function syncControls() {
    for (const theme of THEMES) {
      const box = $(`theme-${theme}`);
      if (box) box.checked = state.themes.has(theme);
    }
    $("from").value = state.from;
    $("to").value = state.to;
    $("interval").value = state.interval;
    $("report-date").value = state.date;
    const [first, last] = [dataDays[0], dataDays[dataDays.length - 1]];
    for (const input of [$("from"), $("to"), $("report-date")]) {
      input.min = first || "";
      input.max = last || "";
    }
    $("prev-day").disabled = !previousDataDay(state.date);
    $("next-day").disabled = !nextDataDay(state.date);
  }

  function showFormError(message) {
    const box = $("form-error");
    box.textContent = message || "";
    box.hidden = !message;
  }

  function validate() {
    if (!state.themes.size) return "Choose at least one theme.";
    if (state.from && state.to && state.from > state.to) {
      return `The range is inverted: ${fmtShort(state.from)} is after ${fmtShort(state.to)}.`;
    }
    return "";
  }

  // ---- themes ------------------------------------------------------------------

  function buildChips() {
    const box = $("theme-chips");
    box.replaceChildren();
    for (const theme of THEMES) {
      const info = catalog[theme] || {};
      const count = typeof info.passages === "number" ? info.passages : null;
      box.append(
        el(
          "div",
          { class: `chip t-${theme}`, dataset: { theme } },
          el("input", { type: "checkbox", id: `theme-${theme}`, value: theme, checked: state.themes.has(theme) }),
          el(
            "label",
            { for: `theme-${theme}`, title: info.description || "" },
            el("span", { class: "swatch", "aria-hidden": "true" }),
            themeName(theme),
            count === null ? null : el("span", { class: "chip-count", text: count.toLocaleString("en") }),
          ),
          el("button", {
            type: "button",
            class: "only",
            "aria-label": `Show only ${themeName(theme)}`,
            title: `Only ${themeName(theme)}`,
            dataset: { only: theme },
            text: "only",
          }),
        ),
      );
    }
  }

  // ---- the chart ---------------------------------------------------------------

  let hatch = null;
  function hatchPattern(ctx) {
    if (hatch) return hatch;
    const tile = document.createElement("canvas");
    tile.width = tile.height = 8;
    const g = tile.getContext("2d");
    g.strokeStyle = cssVar("--hatch") || "#ccd";
    g.lineWidth = 1;
    g.beginPath();
    g.moveTo(0, 8);
    g.lineTo(8, 0);
    g.stroke();
    hatch = ctx.createPattern(tile, "repeat");
    return hatch;
  }

  function bucketStep() {
    return { day: DAY, week: 7 * DAY, month: 30 * DAY }[state.interval];
  }

  // Hatched bands behind buckets without any article: "no data", not "nothing reported".
  function drawNoData(u) {
    if (!timeline) return;
    const { ctx } = u;
    const half = bucketStep() / 2;
    ctx.save();
    ctx.fillStyle = hatchPattern(ctx);
    for (const bucket of timeline.buckets) {
      if (bucket.articles_ingested > 0) continue;
      const start = toTs(bucket.start);
      const left = Math.max(u.bbox.left, u.valToPos(start - half, "x", true));
      const right = Math.min(u.bbox.left + u.bbox.width, u.valToPos(start + half, "x", true));
      if (right > left) ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
    }
    ctx.restore();
  }

  // A line at the day whose report is open.
  function drawSelected(u) {
    if (!state.date) return;
    const x = u.valToPos(toTs(state.date), "x", true);
    if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
    const { ctx } = u;
    ctx.save();
    ctx.strokeStyle = cssVar("--ink-soft");
    ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
    ctx.lineWidth = devicePixelRatio;
    ctx.beginPath();
    ctx.moveTo(Math.round(x) + 0.5, u.bbox.top);
    ctx.lineTo(Math.round(x) + 0.5, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.restore();
  }

  function chartWidth() {
    return Math.max(280, $("chart").clientWidth);
  }

  function renderChart(result) {
    timeline = result;
    const box = $("chart");
    const themes = result.themes;
    const buckets = result.buckets;
    if (chart) {
      chart.destroy();
      chart = null;
    }
    const total = buckets.reduce(
      (sum, b) => sum + themes.reduce((s, t) => s + b.themes[t].passages, 0), 0,
    );
    const ingested = buckets.reduce((sum, b) => sum + b.articles_ingested, 0);
    box.dataset.series = themes.join(",");
    box.dataset.points = String(buckets.length);
    box.dataset.total = String(total);
    $("chart-sub").textContent = result.from
      ? `${fmtShort(result.from)} – ${fmtShort(result.to)} · ${plural(total, "passage")} in ${plural(ingested, "article")}`
      : "";
    renderTable(result);
    renderExports();
    const empty = $("chart-empty");
    if (!buckets.length || !ingested) {
      box.dataset.state = "empty";
      box.replaceChildren();
      empty.hidden = false;
      empty.textContent = buckets.length
        ? "No data in this range: no article dated these days has been ingested."
        : "No data yet: ingest articles (sitrep ingest, or POST /articles) to see timelines.";
      return;
    }
    empty.hidden = true;
    const xs = buckets.map((b) => toTs(b.start));
    // No article in a bucket: no value (the line spans it, the band is hatched), not a 0.
    const data = [
      xs,
      ...themes.map((t) => buckets.map((b) => (b.articles_ingested ? b.themes[t].passages : null))),
    ];
    const dense = buckets.length > 45;
    const axis = {
      stroke: cssVar("--ink-soft"),
      grid: { stroke: cssVar("--grid"), width: 1 },
      ticks: { stroke: cssVar("--line-strong"), width: 1, size: 4 },
      font: `12px ${cssVar("--font") || "system-ui"}`,
    };
    const opts = {
      width: chartWidth(),
      height: 320,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      scales: {
        x: {
          time: true,
          range: (u, min, max) => [min - bucketStep() / 2, max + bucketStep() / 2],
        },
        y: { range: (u, min, max) => [0, Math.max(4, Math.ceil(max * 1.12))] },
      },
      axes: [
        {
          ...axis,
          incrs: [1, 2, 3, 7, 14, 30, 61, 91, 182, 365].map((n) => n * DAY),
          values: (u, splits) => splits.map((ts) => axisFormat(ts)),
        },
        {
          ...axis,
          label: "passages",
          labelSize: 20,
          labelFont: `12px ${cssVar("--font") || "system-ui"}`,
          incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000],
          values: (u, splits) => splits.map((v) => (Number.isInteger(v) ? v.toLocaleString("en") : "")),
        },
      ],
      series: [
        { label: state.interval === "day" ? "Day" : state.interval === "week" ? "Week" : "Month",
          value: (u, v, si, i) => (i == null ? "–" : fmtBucket(buckets[i])) },
        ...themes.map((t) => ({
          label: themeName(t),
          stroke: colour(t),
          fill: themes.length > 2 ? undefined : `${colour(t)}1a`,
          width: 2,
          spanGaps: true,
          points: { show: !dense, size: 6, fill: colour(t), stroke: colour(t) },
          value: (u, v, si, i) => (i == null ? "–" : v == null ? "no data" : v.toLocaleString("en")),
        })),
      ],
      cursor: { drag: { x: false, y: false }, points: { size: 8 } },
      legend: { live: true },
      hooks: {
        drawClear: [drawNoData],
        draw: [drawSelected],
        ready: [
          (u) => {
            u.over.addEventListener("click", () => {
              const i = u.cursor.idx;
              if (i != null && buckets[i]) openBucket(buckets[i]);
            });
          },
        ],
      },
    };
    box.replaceChildren();
    chart = new uPlot(opts, data, box);
    chart.root.querySelector("canvas").setAttribute("role", "img");
    chart.root.querySelector("canvas").setAttribute(
      "aria-label",
      `Passages per ${state.interval} for ${themes.map(themeName).join(", ")}: ${plural(total, "passage")}. The same counts are in the table below.`,
    );
    box.dataset.state = "ready";
  }

  function renderTable(result) {
    const themes = result.themes;
    const head = el("thead", {}, el("tr", {},
      el("th", { scope: "col", text: state.interval === "day" ? "Day" : state.interval === "week" ? "Week" : "Month" }),
      themes.map((t) => el("th", { scope: "col", text: themeName(t) })),
      el("th", { scope: "col", text: "Articles ingested" }),
    ));
    const body = el("tbody", {}, [...result.buckets].reverse().map((b) =>
      el("tr", { class: b.articles_ingested ? null : "no-data" },
        el("th", { scope: "row", text: fmtBucket(b) }),
        themes.map((t) => el("td", { text: b.articles_ingested ? b.themes[t].passages : "–" })),
        el("td", { text: b.articles_ingested || "no data" }),
      ),
    ));
    $("chart-table").replaceChildren(head, body);
  }

  function renderExports() {
    const sitreps = [...themeParams(), ...rangeParams()];
    const timelineParams = [...themeParams(), ...rangeParams(), ["interval", state.interval]];
    const link = (text, path, params) => {
      const url = apiUrl(path, params);
      return el("a", { href: url.pathname + url.search, text });
    };
    $("exports").replaceChildren(
      "These passages as",
      link("CSV", "/sitreps", [...sitreps, ["format", "csv"]]),
      link("NDJSON", "/sitreps", [...sitreps, ["format", "ndjson"]]),
      link("Atom feed", "/sitreps", [...sitreps, ["format", "atom"]]),
      link("JSON", "/sitreps", sitreps),
      " · counts as",
      link("CSV", "/timeline", [...timelineParams, ["format", "csv"]]),
    );
  }

  function openBucket(bucket) {
    // A day opens itself; a week or month opens its last day with data.
    const inside = dataDays.filter((d) => d >= bucket.start && d <= bucket.end);
    setDate(inside.length ? inside[inside.length - 1] : bucket.start);
  }

  async function loadTimeline({ quiet = false } = {}) {
    const mine = ++sequence.timeline;
    const box = $("chart");
    if (!quiet) box.setAttribute("aria-busy", "true");
    try {
      const params = [...themeParams(), ...rangeParams(), ["interval", state.interval]];
      const { text, data } = await api("/timeline", params);
      if (mine !== sequence.timeline) return;
      const key = `${params.map((p) => p.join("=")).join("&")}\n${text}`;
      if (key !== seen.timeline || !chart) {
        seen.timeline = key;
        renderChart(data);
      }
    } catch (error) {
      if (mine !== sequence.timeline) return;
      if (!quiet) showPanelError(box, $("chart-empty"), error);
    } finally {
      if (mine === sequence.timeline) box.removeAttribute("aria-busy");
    }
  }

  function showPanelError(box, target, error) {
    if (chart) {
      chart.destroy();
      chart = null;
    }
    box.dataset.state = "error";
    box.replaceChildren();
    target.hidden = false;
    target.textContent = `Could not load the timeline: ${error.message}`;
  }

  // ---- the daily report ----------------------------------------------------------

  function previousDataDay(day) {
    if (!day) return dataDays[dataDays.length - 1] || null;
    for (let i = dataDays.length - 1; i >= 0; i -= 1) if (dataDays[i] < day) return dataDays[i];
    return null;
  }

  function nextDataDay(day) {
    if (!day) return null;
    return dataDays.find((d) => d > day) || null;
  }

  function setDate(day) {
    if (!day || day === state.date) return;
    state.date = day;
    writeUrl();
    syncControls();
    if (chart) chart.redraw(false);
    loadReport();
  }

  function renderCoverage(report) {
    const box = $("coverage");
    const { coverage } = report;
    box.classList.toggle("no-data", !coverage.has_data);
    if (!coverage.has_data) {
      box.replaceChildren(
        el("strong", { text: `No data for ${fmtDay(report.date)}.` }),
        " No article dated that day has been ingested, so an empty theme says nothing about the day.",
      );
      return;
    }
    box.replaceChildren(
      el("strong", { text: fmtDay(report.date) }),
      `: ${plural(coverage.articles, "article")} from ${plural(coverage.sources.length, "source")} — `,
      el("ul", { class: "sources", "aria-label": "Sources" },
        coverage.sources.map((s) => el("li", {}, `${s.source || "unknown source"} (${s.articles})`)),
      ),
    );
  }

  function articleLink(article) {
    const href = safeHref(article.url);
    const label = article.title || article.url;
    return href
      ? el("a", { href, target: "_blank", rel: "noopener noreferrer", text: label })
      : el("span", { text: label });
  }

  function renderItem(item) {
    const meta = el("p", { class: "item-meta" },
      el("span", { class: "source-name", text: item.article.source || "unknown source" }),
      articleLink(item.article),
      item.cues.length
        ? el("span", { class: "cues", "aria-label": "Why this theme" },
          item.cues.slice(0, 4).map((c) => [el("span", { class: "cue", text: c }), " "]))
        : null,
    );
    if (item.also_reported_by.length) {
      meta.append(el("span", { class: "also" }, "Also reported by ",
        item.also_reported_by.map((other, i) => [
          i ? ", " : "",
          (() => {
            const href = safeHref(other.article.url);
            const name = other.article.source || other.article.title || "another source";
            return href ? el("a", { href, target: "_blank", rel: "noopener noreferrer", text: name }) : name;
          })(),
        ]),
      ));
    }
    return el("li", { class: "item", dataset: { passage: item.passage_id } },
      item.heading ? el("p", { class: "item-heading", text: item.heading }) : null,
      el("p", { class: "item-text", text: item.text }),
      meta,
    );
  }

  function renderTheme(section, hasData, articles) {
    const { theme, items } = section;
    const heading = el("h3", { id: `report-${theme}` },
      el("span", { class: "swatch", "aria-hidden": "true" }),
      section.name || themeName(theme),
      el("span", { class: "count", text: items.length
        ? `${plural(items.length, "development")} · ${plural(section.passages, "passage")}`
        : "" }),
    );
    const node = el("section", {
      class: `theme-section t-${theme}`, "aria-labelledby": `report-${theme}`,
      dataset: { theme, items: String(items.length), state: items.length ? "items" : hasData ? "nothing" : "no-data" },
    }, heading);
    if (!items.length) {
      node.append(el("p", { class: "nothing", text: hasData
        ? `Nothing reported: none of the day's ${plural(articles, "article")} covers ${themeName(theme).toLowerCase()}.`
        : "No data." }));
      return node;
    }
    const list = el("ol", { class: "items" }, items.slice(0, ITEMS_SHOWN).map(renderItem));
    node.append(list);
    if (items.length > ITEMS_SHOWN) {
      const more = el("button", { type: "button", class: "link-button more",
        text: `Show all ${items.length}` });
      more.addEventListener("click", () => {
        list.append(...items.slice(ITEMS_SHOWN).map(renderItem));
        more.remove();
      });
      node.append(more);
    }
    return node;
  }

  function renderReport(report) {
    renderCoverage(report);
    const body = $("report-body");
    const hasData = report.coverage.has_data;
    body.dataset.date = report.date;
    body.dataset.themes = report.themes.map((s) => s.theme).join(",");
    if (!hasData) {
      body.dataset.state = "no-data";
      const before = previousDataDay(report.date);
      const after = nextDataDay(report.date);
      const jump = (day, label) => {
        const button = el("button", { type: "button", class: "link-button", text: `${label} ${fmtShort(day)}` });
        button.addEventListener("click", () => setDate(day));
        return button;
      };
      body.replaceChildren(el("div", { class: "empty" },
        el("p", { text: "No data for this day." }),
        before || after
          ? el("p", {}, "Nearest days with data: ", before ? jump(before, "←") : null,
            before && after ? " · " : null, after ? jump(after, "") : null)
          : null,
      ));
      return;
    }
    body.dataset.state = "report";
    body.replaceChildren(...report.themes.map((s) => renderTheme(s, true, report.coverage.articles)));
  }

  async function loadReport({ quiet = false } = {}) {
    const body = $("report-body");
    if (!state.date || !state.themes.size) {
      body.dataset.state = "empty";
      $("coverage").replaceChildren();
      body.replaceChildren(el("p", { class: "empty", text: state.themes.size
        ? "No data yet: nothing has been ingested."
        : "Choose at least one theme." }));
      return;
    }
    const mine = ++sequence.report;
    if (!quiet) body.setAttribute("aria-busy", "true");
    try {
      const { text, data } = await api(`/sitreps/${state.date}`, themeParams());
      if (mine !== sequence.report) return;
      const key = `${state.date}|${[...state.themes].join(",")}\n${text}`;
      if (key !== seen.report) {
        seen.report = key;
        renderReport(data);
      }
    } catch (error) {
      if (mine !== sequence.report || quiet) return;
      body.dataset.state = "error";
      $("coverage").replaceChildren();
      body.replaceChildren(el("p", { class: "empty", text: `Could not load the report: ${error.message}` }));
    } finally {
      if (mine === sequence.report) body.removeAttribute("aria-busy");
    }
  }

  // ---- wiring ----------------------------------------------------------------------

  function refresh() {
    const problem = validate();
    showFormError(problem);
    writeUrl();
    syncControls();
    if (problem) {
      if (!state.themes.size) {
        loadReport();
        if (chart) { chart.destroy(); chart = null; }
        seen.timeline = "";
        $("chart").dataset.state = "empty";
        $("chart-empty").hidden = false;
        $("chart-empty").textContent = "Choose at least one theme.";
      }
      return;
    }
    loadTimeline();
    loadReport();
  }

  function applyPreset(preset) {
    const last = dataDays[dataDays.length - 1];
    if (preset === "all" || !last) {
      state.from = "";
      state.to = "";
    } else {
      state.from = addDays(last, 1 - Number(preset));
      state.to = last;
    }
    refresh();
  }

  function wire() {
    $("theme-chips").addEventListener("change", (event) => {
      const box = event.target;
      if (box.type !== "checkbox") return;
      if (box.checked) state.themes.add(box.value);
      else state.themes.delete(box.value);
      refresh();
    });
    $("theme-chips").addEventListener("click", (event) => {
      const only = event.target.closest("button[data-only]");
      if (!only) return;
      state.themes = new Set([only.dataset.only]);
      refresh();
    });
    $("themes-all").addEventListener("click", () => {
      state.themes = new Set(THEMES);
      refresh();
    });
    for (const key of ["from", "to"]) {
      $(key).addEventListener("change", (event) => {
        state[key] = event.target.value;
        refresh();
      });
    }
    $("interval").addEventListener("change", (event) => {
      state.interval = event.target.value;
      refresh();
    });
    for (const button of document.querySelectorAll("[data-preset]")) {
      button.addEventListener("click", () => applyPreset(button.dataset.preset));
    }
    $("report-date").addEventListener("change", (event) => {
      if (ISO_DATE.test(event.target.value)) setDate(event.target.value);
    });
    $("prev-day").addEventListener("click", () => setDate(previousDataDay(state.date)));
    $("next-day").addEventListener("click", () => setDate(nextDataDay(state.date)));
    $("controls").addEventListener("submit", (event) => event.preventDefault());

    let resizeTimer = 0;
    new ResizeObserver(() => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => chart && chart.setSize({ width: chartWidth(), height: 320 }), 100);
    }).observe($("chart"));

    window.setInterval(() => {
      if (document.visibilityState !== "visible" || validate()) return;
      loadTimeline({ quiet: true });
      loadReport({ quiet: true });
      loadSpan({ quiet: true }).catch(() => {}); // the next poll tries again
    }, POLL_MS);
  }

  // Every day with data (all themes, whole span): the report's default day, the
  // previous/next buttons, the quick ranges and the header's summary.
  async function loadSpan({ quiet = false } = {}) {
    try {
      const { data } = await api("/timeline", [["interval", "day"]]);
      dataDays = data.buckets.filter((b) => b.articles_ingested > 0).map((b) => b.start);
      const articles = data.buckets.reduce((sum, b) => sum + b.articles_ingested, 0);
      $("status").textContent = dataDays.length
        ? `${fmtShort(dataDays[0])} – ${fmtShort(dataDays[dataDays.length - 1])} · ${plural(articles, "article")} · checked ${new Date().toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })}`
        : "No articles ingested yet";
      syncControls();
    } catch (error) {
      if (!quiet) $("status").textContent = `API unavailable: ${error.message}`;
      throw error;
    }
  }

  async function start() {
    readUrl();
    wire();
    try {
      const { data } = await api("/themes");
      for (const info of data) catalog[info.slug] = info;
    } catch {
      /* the chips still work with the built-in names */
    }
    buildChips();
    try {
      await loadSpan();
    } catch {
      /* shown in the status line; the panels say what failed */
    }
    if (!state.date) {
      const inRange = dataDays.filter((d) => (!state.from || d >= state.from) && (!state.to || d <= state.to));
      state.date = inRange[inRange.length - 1] || dataDays[dataDays.length - 1] || "";
    }
    refresh();
    document.documentElement.dataset.ready = "true";
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
