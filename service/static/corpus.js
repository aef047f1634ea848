// The page at /corpus: the duplication report drawn from the public v1 API
// (/v1/corpus/stats, /report, /duplicates, /pairs/{a}/{b}, /documents/{id}).
// The cheap counts come first; the report, the pair list and the pair view load on their
// own, so nothing waits for the whole corpus, and long lists are paged.
"use strict";

(() => {
  const {el, api, pct, codePoints, status, pager} = Z;
  const $ = (id) => document.getElementById(id);
  const statusLine = $("status");
  const enc = encodeURIComponent;

  const PAGE = {clusters: 10, pairs: 20, passages: 10, ratios: 25, pair: 8};
  const state = {threshold: 0.7, report: null, page: {clusters: 0, pairs: 0, passages: 0, ratios: 0, pair: 0}, stats: null, pair: null,
    paged: false, windows: new Map(), totals: {clusters: 0, ratios: 0}};

  function threshold() {
    return Number($("threshold").value) || 0.7;
  }

  // -- the report, and windows of its paged lists ------------------------------------------
  //
  // GET /v1/corpus/report pages its long lists (clusters, boilerplate_ratio, pairs) with
  // limit/offset and says how long each is (total_clusters, total_documents). The page asks
  // for windows of WINDOW entries and shows them PAGE.* at a time; an older, unpaged report
  // (no "limit" in the answer) is one window holding everything.

  const WINDOW = 100;

  function reportUrl(offset) {
    return `/v1/corpus/report?threshold=${state.threshold}&top=100&limit=${WINDOW}&offset=${offset}&examples=0`;
  }

  function keepWindow(report, offset) {
    const ratios = Object.entries(report.boilerplate_ratio || {}).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
    state.windows.set(offset, {clusters: report.clusters || [], ratios});
  }

  async function windowAt(index) {
    const offset = state.paged ? Math.floor(index / WINDOW) * WINDOW : 0;
    if (!state.windows.has(offset)) keepWindow(await api(reportUrl(offset)), offset);
    return [state.windows.get(offset), index - offset];
  }

  function renderSummary() {
    const rows = [];
    const stats = state.stats, report = state.report;
    if (stats) rows.push(["documents", stats.documents, true], ["paragraphs", stats.paragraphs], ["index", stats.backend]);
    if (report) {
      const ratios = Object.values(report.boilerplate_ratio || {});
      const complete = ratios.length >= state.totals.ratios;
      if (typeof report.boilerplate_share === "number") {
        rows.push(["boilerplate share", pct(report.boilerplate_share), true]);
      } else if (ratios.length && complete) {
        // The mean of the documents' ratios; a window of a longer, sorted list would overstate it.
        rows.push(["boilerplate share", pct(ratios.reduce((a, b) => a + b, 0) / ratios.length), true]);
      }
      if (complete) rows.push(["documents with shared paragraphs", ratios.filter((r) => r > 0).length]);
      rows.push(["near-duplicate pairs", report.total_pairs ?? (report.pairs || []).length],
        ["clusters", state.totals.clusters]);
    }
    $("summary").replaceChildren(...rows.flatMap(([k, v, big]) =>
      [el("dt", {text: k}), el("dd", {class: big ? "big" : "", text: v})]));
  }

  async function loadStats() {
    try {
      state.stats = await api("/v1/corpus/stats");
      renderSummary();
    } catch (err) {
      status(statusLine, `Could not read the corpus stats: ${err.message}`, true);
    }
  }

  async function loadReport() {
    state.threshold = threshold();
    status(statusLine, "Building the duplication report…");
    let report;
    try {
      report = await api(reportUrl(0));
    } catch (err) {
      status(statusLine, `Could not build the report: ${err.message}`, true);
      return;
    }
    status(statusLine, "");
    state.report = report;
    state.paged = typeof report.limit === "number";
    state.windows = new Map();
    keepWindow(report, 0);
    state.totals = {
      clusters: report.total_clusters ?? (report.clusters || []).length,
      ratios: report.total_documents ?? Object.keys(report.boilerplate_ratio || {}).length,
    };
    state.page.clusters = state.page.passages = state.page.ratios = 0;
    renderSummary();
    renderClusters();
    renderHistogram();
    renderPassages();
    renderRatios();
    const ids = state.windows.get(0).ratios.map(([id]) => id);
    $("doc-ids").replaceChildren(...ids.map((id) => el("option", {value: id})));
  }

  /** One page of a windowed list: kind is "clusters" or "ratios". */
  async function pageOf(kind, size) {
    const from = state.page[kind] * size;
    try {
      const [win, at] = await windowAt(from);
      return win[kind].slice(at, at + size);
    } catch (err) {
      status(statusLine, `Could not load that page: ${err.message}`, true);
      return [];
    }
  }

  // -- clusters ----------------------------------------------------------------------------

  function compareButton(a, b, label) {
    return el("button", {type: "button", class: "compare", dataset: {a, b},
      on: {click: () => openPair(a, b, true)}}, label);
  }

  async function renderClusters() {
    const box = $("cluster-list");
    if (!state.totals.clusters) {
      box.replaceChildren(el("p", {text: `No near-duplicate documents at similarity ${state.threshold} or more.`}));
      return;
    }
    const page = state.page.clusters;
    const items = (await pageOf("clusters", PAGE.clusters)).map((cluster) => {
      const rep = cluster.representative;
      return el("article", {class: "cluster", "aria-label": `cluster ${cluster.id}`},
        el("h3", {}, `cluster ${cluster.id}: ${cluster.size} documents`),
        el("p", {class: "hint"}, "representative ", el("code", {text: rep})),
        el("ul", {class: "members"}, ...cluster.ids.map((id) => el("li", {},
          id === rep ? el("code", {class: "rep", text: id})
            : compareButton(rep, id, id)))));
    });
    box.replaceChildren(
      el("p", {class: "hint", text: "Each member opens its shared passages with the representative."}),
      ...items,
      pager(state.totals.clusters, PAGE.clusters, page, (p) => { state.page.clusters = p; renderClusters(); }, "cluster"));
  }

  // -- histogram ---------------------------------------------------------------------------

  function renderHistogram() {
    const bins = state.report.histogram || [];
    const peak = Math.max(1, ...bins.map((b) => b.pairs));
    const rows = bins.map((bin) => {
      const bar = el("div", {class: `bar${bin.pairs ? "" : " zero"}${bin.from >= state.threshold ? " dup" : ""}`});
      bar.style.width = `${(100 * bin.pairs) / peak}%`; // CSSOM, allowed under style-src 'self'
      return el("tr", {},
        el("th", {scope: "row"}, `${bin.from.toFixed(1)}–${bin.to.toFixed(1)}`),
        el("td", {class: "num"}, String(bin.pairs)),
        el("td", {class: "bar-cell", "aria-hidden": "true"}, bar));
    });
    $("histogram").replaceChildren(
      el("thead", {}, el("tr", {}, el("th", {scope: "col"}, "similarity"), el("th", {scope: "col", class: "num"}, "pairs"),
        el("th", {scope: "col"}, el("span", {class: "hint"}, `green: at or above ${state.threshold}`)))),
      el("tbody", {}, ...rows));
  }

  // -- pairs (paged by the API) --------------------------------------------------------------

  async function loadPairs() {
    const box = $("pair-list");
    const limit = PAGE.pairs, offset = state.page.pairs * limit;
    let found;
    try {
      found = await api(`/v1/corpus/duplicates?threshold=${threshold()}&limit=${limit}&offset=${offset}`);
    } catch (err) {
      box.replaceChildren(el("p", {class: "error", text: `Could not list the pairs: ${err.message}`}));
      return;
    }
    if (!found.total_pairs) {
      box.replaceChildren(el("p", {text: `No pair of documents at similarity ${threshold()} or more.`}));
      return;
    }
    const rows = found.pairs.map((p) => el("tr", {},
      el("td", {class: "num"}, p.similarity.toFixed(3)),
      el("td", {}, el("code", {text: p.a})),
      el("td", {}, el("code", {text: p.b})),
      el("td", {}, compareButton(p.a, p.b, "compare"))));
    box.replaceChildren(
      el("table", {class: "list"},
        el("thead", {}, el("tr", {}, ...["similarity", "document a", "document b", ""].map((h) => el("th", {scope: "col", text: h})))),
        el("tbody", {}, ...rows)),
      pager(found.total_pairs, limit, state.page.pairs, (p) => { state.page.pairs = p; loadPairs(); }, "pair"));
  }

  // -- most repeated passages ----------------------------------------------------------------

  function renderPassages() {
    const passages = state.report.top_passages || [];
    const box = $("passage-list");
    if (!passages.length) {
      box.replaceChildren(el("p", {text: "No passage is shared between documents."}));
      return;
    }
    const page = state.page.passages, from = page * PAGE.passages;
    const rows = passages.slice(from, from + PAGE.passages).map((p) => el("tr", {},
      el("td", {class: "num"}, String(p.documents)),
      el("td", {class: "excerpt", lang: "zh", text: p.excerpt}),
      el("td", {}, el("ul", {class: "members"}, ...p.ids.slice(0, 30).map((id) => el("li", {}, el("code", {text: id})))),
        p.ids.length > 30 ? el("span", {class: "hint", text: `and ${p.ids.length - 30} more`}) : null)));
    box.replaceChildren(
      el("table", {class: "list"},
        el("thead", {}, el("tr", {}, ...["documents", "passage", "found in"].map((h) => el("th", {scope: "col", text: h})))),
        el("tbody", {}, ...rows)),
      pager(passages.length, PAGE.passages, page, (p) => { state.page.passages = p; renderPassages(); }, "passage"));
  }

  // -- per-document boilerplate share -------------------------------------------------------

  async function renderRatios() {
    const box = $("ratio-list");
    if (!state.totals.ratios) {
      box.replaceChildren(el("p", {text: "The corpus is empty."}));
      return;
    }
    const page = state.page.ratios;
    const rows = (await pageOf("ratios", PAGE.ratios)).map(([id, ratio]) => {
      const bar = el("div", {class: `bar dup${ratio ? "" : " zero"}`});
      bar.style.width = `${100 * ratio}%`;
      return el("tr", {},
        el("td", {}, el("code", {text: id})),
        el("td", {class: "num"}, pct(ratio)),
        el("td", {class: "bar-cell", "aria-hidden": "true"}, bar));
    });
    box.replaceChildren(
      el("table", {class: "list histogram"},
        el("thead", {}, el("tr", {}, ...["document", "shared paragraphs (characters)", ""].map((h) => el("th", {scope: "col", text: h})))),
        el("tbody", {}, ...rows)),
      pager(state.totals.ratios, PAGE.ratios, page, (p) => { state.page.ratios = p; renderRatios(); }, "document"));
  }

  // -- pair view ----------------------------------------------------------------------------

  /** Which code points of x and y are outside their longest common subsequence. */
  function unshared(x, y) {
    const n = x.length, m = y.length;
    if (!n || !m || n * m > 4_000_000) return null;
    const dp = Array.from({length: n + 1}, () => new Uint16Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        dp[i][j] = x[i] === y[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
      }
    }
    const onlyX = new Uint8Array(n).fill(1), onlyY = new Uint8Array(m).fill(1);
    let i = 0, j = 0;
    while (i < n && j < m) {
      if (x[i] === y[j]) { onlyX[i++] = 0; onlyY[j++] = 0; }
      else if (dp[i + 1][j] >= dp[i][j + 1]) i++;
      else j++;
    }
    return [onlyX, onlyY];
  }

  function marked(cps, only) {
    const cell = [];
    if (!only) return [cps.join("")];
    let k = 0;
    while (k < cps.length) {
      let e = k;
      while (e < cps.length && only[e] === only[k]) e++;
      const text = cps.slice(k, e).join("");
      cell.push(only[k] ? el("mark", {class: "only", text}) : text);
      k = e;
    }
    return cell;
  }

  async function fetchText(id) {
    try {
      return (await api(`/v1/corpus/documents/${enc(id)}`)).text;
    } catch (_) {
      return null; // fall back on the excerpts
    }
  }

  async function openPair(a, b, scroll) {
    $("pair-a").value = a;
    $("pair-b").value = b;
    const view = $("pair-view");
    view.replaceChildren(el("p", {class: "hint", text: "Loading the shared passages…"}));
    if (scroll) $("pair").focus();
    history.replaceState(null, "", `#${new URLSearchParams({a, b})}`);
    let found, textA, textB;
    try {
      [found, textA, textB] = await Promise.all([api(`/v1/corpus/pairs/${enc(a)}/${enc(b)}`), fetchText(a), fetchText(b)]);
    } catch (err) {
      view.replaceChildren(el("p", {class: "error", text: `Could not compare them: ${err.message}`}));
      return;
    }
    const cpsA = textA === null ? null : codePoints(textA), cpsB = textB === null ? null : codePoints(textB);
    const passages = [...found.passages].sort((x, y) => x.a_start - y.a_start || x.b_start - y.b_start);
    const head = el("p", {},
      "Estimated similarity of the two documents: ", el("strong", {text: found.similarity.toFixed(3)}),
      `; ${passages.length} shared passage${passages.length === 1 ? "" : "s"}, aligned side by side. `,
      el("span", {class: "hint", text: "Marked: characters only one side has."}));
    if (!passages.length) {
      view.replaceChildren(head);
      return;
    }
    state.pair = {found, passages, cpsA, cpsB, head};
    state.page.pair = 0;
    renderPairPage();
  }

  function renderPairPage() {
    const {found, passages, cpsA, cpsB, head} = state.pair;
    const page = state.page.pair, from = page * PAGE.pair;
    const rows = passages.slice(from, from + PAGE.pair).map((p) => {
      const x = cpsA ? cpsA.slice(p.a_start, p.a_end) : codePoints(p.a_excerpt);
      const y = cpsB ? cpsB.slice(p.b_start, p.b_end) : codePoints(p.b_excerpt);
      const only = unshared(x, y);
      return el("tr", {},
        el("td", {"data-label": found.a}, el("span", {class: "meta", text: `[${p.a_start}, ${p.a_end}) · similarity ${p.similarity.toFixed(2)}`}),
          ...marked(x, only && only[0])),
        el("td", {"data-label": found.b}, el("span", {class: "meta", text: `[${p.b_start}, ${p.b_end})`}),
          ...marked(y, only && only[1])));
    });
    $("pair-view").replaceChildren(head,
      el("table", {class: "pair-table"},
        el("thead", {}, el("tr", {}, el("th", {scope: "col"}, el("code", {text: found.a})), el("th", {scope: "col"}, el("code", {text: found.b})))),
        el("tbody", {}, ...rows)),
      pager(passages.length, PAGE.pair, page, (p) => { state.page.pair = p; renderPairPage(); }, "shared passage"));
  }

  $("pair-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const a = $("pair-a").value.trim(), b = $("pair-b").value.trim();
    if (a && b) openPair(a, b, false);
  });

  $("threshold").addEventListener("change", () => {
    state.page.pairs = 0;
    loadReport();
    loadPairs();
  });

  loadStats();
  loadReport();
  loadPairs();
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get("a") && hash.get("b")) openPair(hash.get("a"), hash.get("b"), false);
})();
