// The page at /: send one document to POST /v1/clean, show its issues over the text.
//
// Offsets in the API are Python str indices (code points); JS strings index UTF-16 code
// units, so the text is handled as an array of code points (Array.from) throughout.
"use strict";

(() => {
  const {el, api, download, pct, codePoints, visible, status} = Z;

  const TYPES = [
    ["encoding", "mojibake, lost characters, markup and control characters", "wavy underline"],
    ["punctuation", "ASCII or unbalanced marks in Chinese text (GB/T 15834)", "solid underline"],
    ["injection", "spam, page chrome, aggregator lines, placeholders", "double underline"],
    ["year", "years that disagree with the report's year", "dashed underline"],
    ["boilerplate", "paragraphs shared with other corpus documents", "line above"],
    ["script", "traditional characters in simplified text (or the reverse)", "dotted underline"],
  ];
  const KNOWN = new Set(TYPES.map(([t]) => t));
  const typeClass = (type) => `t-${KNOWN.has(type) ? type : "other"}`;

  const $ = (id) => document.getElementById(id);
  const form = $("clean-form"), textarea = $("text"), fileInput = $("file"), statusLine = $("status");
  const result = $("result"), doc = $("doc"), tip = $("tip");

  const state = {
    response: null,   // the /v1/clean answer
    original: "",     // the text the offsets index into
    cps: [],          // original as code points
    issues: [],
    ops: null,        // original -> cleaned as [{eq} | {del, ins, i}], or null if it does not replay
    view: "original",
    name: "document", // base name for downloads
    hidden: new Set(),
  };

  // -- submitting -------------------------------------------------------------------------

  function query() {
    const params = new URLSearchParams();
    const id = $("doc-id").value.trim();
    const year = $("year").value.trim();
    if (id) params.set("id", id);
    if (year) params.set("year", year);
    params.set("fix", $("fix").checked ? "true" : "false");
    return params;
  }

  async function submit(body, contentType, fallbackText, name) {
    const button = $("clean");
    button.disabled = true;
    status(statusLine, "Cleaning…");
    try {
      const response = await api(`/v1/clean?${query()}`, {
        method: "POST", headers: {"Content-Type": contentType}, body});
      state.name = name || response.id || "document";
      show(response, typeof response.original === "string" ? response.original : fallbackText);
      const n = response.issues.length;
      status(statusLine, `${n} issue${n === 1 ? "" : "s"} found, ${response.stats.fixed} fixed.`);
    } catch (err) {
      status(statusLine, `Could not clean it: ${err.message}`, true);
    } finally {
      button.disabled = false;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = textarea.value;
    if (!text) {
      status(statusLine, "Paste some text or choose a file first.", true);
      textarea.focus();
      return;
    }
    // Raw UTF-8 bytes rather than JSON: the answer then echoes "original", the exact text indexed.
    submit(new TextEncoder().encode(text), "text/plain; charset=utf-8", text, $("doc-id").value.trim());
  });

  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });

  async function submitFile(file) {
    const bytes = await file.arrayBuffer();
    const stem = file.name.replace(/\.[^.]*$/, "") || "document";
    // The raw bytes, so the server sniffs the encoding (UTF-8, GB18030, Big5, UTF-16 with BOM).
    await submit(bytes, "application/octet-stream", null, $("doc-id").value.trim() || stem);
    if (state.response) textarea.value = state.original;
  }

  fileInput.addEventListener("change", () => {
    if (fileInput.files.length) submitFile(fileInput.files[0]);
  });
  textarea.addEventListener("dragover", (event) => event.preventDefault());
  textarea.addEventListener("drop", (event) => {
    if (!event.dataTransfer.files.length) return;
    event.preventDefault();
    submitFile(event.dataTransfer.files[0]);
  });

  // -- the result -------------------------------------------------------------------------

  function show(response, original) {
    state.response = response;
    state.original = original ?? "";
    state.cps = codePoints(state.original);
    state.issues = response.issues.map((issue, i) => ({...issue, i}));
    state.ops = replayOps(state.cps, state.issues, response.text);
    renderStats(response.stats);
    renderLegend();
    renderIssueList();
    result.hidden = false;
    setView("original");
  }

  function renderStats(stats) {
    const rows = [
      ["characters", stats.chars],
      ["encoding", stats.encoding ?? "(sent as text)"],
      ["report year", stats.report_year ?? "unknown"],
      ["published", stats.published ?? "–"],
      ["source", stats.source ?? "–"],
      ["issues", state.issues.length],
      ["fixed", stats.fixed],
      ["time", `${stats.elapsed_ms} ms`],
    ];
    $("stats").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {text: k}), el("dd", {text: v})]));
  }

  function countsByType() {
    const counts = new Map();
    for (const issue of state.issues) counts.set(issue.type, (counts.get(issue.type) || 0) + 1);
    return counts;
  }

  function renderLegend() {
    const counts = countsByType();
    const extra = [...counts.keys()].filter((t) => !KNOWN.has(t)).map((t) => [t, "other issues", "outline"]);
    $("legend").replaceChildren(...[...TYPES, ...extra].map(([type, what, cue]) => {
      const box = el("input", {type: "checkbox", checked: !state.hidden.has(type), dataset: {type},
        on: {change: (e) => toggleType(type, !e.target.checked)}});
      return el("li", {},
        el("label", {},
          box, " ",
          el("span", {class: `swatch iss ${typeClass(type)}`, lang: "zh", "aria-hidden": "true"}, "示例"), " ",
          el("strong", {}, type), ` (${counts.get(type) || 0})`,
          el("span", {class: "what"}, ` ${what}; ${cue}`)));
    }));
  }

  function toggleType(type, hide) {
    if (hide) state.hidden.add(type); else state.hidden.delete(type);
    doc.classList.toggle(`off-${type}`, hide);
    for (const node of doc.querySelectorAll(`.${typeClass(type)}[data-first]`)) node.tabIndex = hide ? -1 : 0;
    renderIssueList();
  }

  function fixText(issue) {
    if (issue.replacement === null || issue.replacement === undefined) return "no fix suggested";
    const what = issue.replacement === "" ? "delete it" : `replace with “${visible(issue.replacement)}”`;
    return `${what} (${issue.fixed ? "applied" : "suggested, not applied"})`;
  }

  function renderIssueList() {
    const shown = state.issues.filter((issue) => !state.hidden.has(issue.type));
    $("issues-summary").textContent = `All issues (${shown.length} shown of ${state.issues.length})`;
    $("issue-list").replaceChildren(...shown.map((issue) => el("li", {},
      el("button", {type: "button", class: "linkish", on: {click: () => focusIssue(issue.i)}},
        el("span", {class: `swatch iss ${typeClass(issue.type)}`, text: issue.type}), " ",
        el("code", {text: issue.code}), ` [${issue.start}, ${issue.end}) `,
        el("span", {class: "excerpt", lang: "zh", text: `“${visible(issue.excerpt)}”`}),
        ` → ${fixText(issue)}`))));
  }

  // -- views ------------------------------------------------------------------------------

  const HINTS = {
    original: "Hover over a highlighted passage, or Tab to it, to see the issue; n / p jump to the next / previous issue, Esc closes the details.",
    cleaned: "The cleaned text; applied fixes are marked, removed text shows as a thin bar.",
    diff: "Original on the left, cleaned on the right, line by line; only lines with fixes are coloured.",
  };

  function setView(view) {
    state.view = view;
    hideTip();
    for (const button of document.querySelectorAll("#views button")) {
      button.setAttribute("aria-pressed", String(button.dataset.view === view));
    }
    $("view-hint").textContent = HINTS[view];
    doc.className = `doc view-${view}`;
    for (const type of state.hidden) doc.classList.add(`off-${type}`);
    if (view === "original") doc.replaceChildren(renderAnnotated());
    else if (view === "cleaned") doc.replaceChildren(renderCleaned());
    else doc.replaceChildren(renderDiff());
  }

  for (const button of document.querySelectorAll("#views button")) {
    button.addEventListener("click", () => setView(button.dataset.view));
  }

  /** Every issue over the original: segments between issue boundaries, one nested span per covering issue. */
  function renderAnnotated() {
    const n = state.cps.length;
    const clamp = (x) => Math.max(0, Math.min(n, x | 0));
    const spans = state.issues.filter((s) => clamp(s.end) > clamp(s.start));
    const points = new Map(); // zero-width issues, by position
    for (const issue of state.issues) {
      if (clamp(issue.end) <= clamp(issue.start)) {
        const at = clamp(issue.start);
        if (!points.has(at)) points.set(at, []);
        points.get(at).push(issue);
      }
    }
    const cuts = new Set([0, n, ...points.keys()]);
    for (const s of spans) { cuts.add(clamp(s.start)); cuts.add(clamp(s.end)); }
    const bounds = [...cuts].sort((a, b) => a - b);

    const byStart = [...spans].sort((a, b) => a.start - b.start);
    const seen = new Set();
    let active = [], next = 0;
    const out = el("pre", {class: "text annotated"});
    for (let k = 0; k < bounds.length; k++) {
      const from = bounds[k];
      for (const issue of points.get(from) || []) out.append(issueNode(issue, [issue], "", true));
      if (k === bounds.length - 1) break;
      const to = bounds[k + 1];
      while (next < byStart.length && clamp(byStart[next].start) <= from) active.push(byStart[next++]);
      active = active.filter((s) => clamp(s.end) > from);
      const text = state.cps.slice(from, to).join("");
      if (!active.length) { out.append(text); continue; }
      // Outermost = longest; the innermost span holds the text.
      const cover = [...active].sort((a, b) => (b.end - b.start) - (a.end - a.start) || a.i - b.i);
      let node = document.createTextNode(text);
      for (let j = cover.length - 1; j >= 0; j--) {
        const issue = cover[j];
        const first = !seen.has(issue.i);
        seen.add(issue.i);
        node = issueNode(issue, [node], null, first);
      }
      out.append(node);
    }
    return out;
  }

  function issueNode(issue, children, placeholder, first) {
    const attrs = {class: `iss ${typeClass(issue.type)}${issue.fixed ? " fixed" : ""}`, dataset: {i: issue.i}};
    if (first) {
      attrs.dataset.first = "";
      attrs.tabindex = state.hidden.has(issue.type) ? -1 : 0;
      attrs["aria-describedby"] = "tip";
    }
    if (placeholder !== null) {
      attrs.class += " point";
      attrs["aria-label"] = `${issue.type} issue at this point`;
    }
    return el("span", attrs, ...children);
  }

  /** The fixed issues as edit operations; null when they overlap or do not give the cleaned text. */
  function replayOps(cps, issues, cleaned) {
    const fixed = issues.filter((s) => s.fixed && typeof s.replacement === "string")
      .sort((a, b) => a.start - b.start || a.end - b.end);
    const ops = [];
    let pos = 0;
    for (const s of fixed) {
      if (s.start < pos || s.end > cps.length) return null;
      if (s.start > pos) ops.push({eq: cps.slice(pos, s.start).join("")});
      ops.push({del: cps.slice(s.start, s.end).join(""), ins: s.replacement, i: s.i});
      pos = s.end;
    }
    if (pos < cps.length) ops.push({eq: cps.slice(pos).join("")});
    const replayed = ops.map((op) => ("eq" in op ? op.eq : op.ins)).join("");
    return replayed === cleaned ? ops : null;
  }

  function fixNode(op, side) {
    const issue = state.issues[op.i];
    const cls = `iss ${typeClass(issue.type)} fixed ${side}`;
    const text = side === "del" ? op.del : op.ins;
    if (!text) return el("span", {class: `${cls} cut`, dataset: {i: op.i}, title: side === "ins" ? "text removed here" : "text inserted here"});
    // Removed or inserted line breaks would be invisible: show them as ↵.
    return el(side, {class: cls, dataset: {i: op.i}}, text.includes("\n") ? text.replace(/\n/g, "↵\n") : text);
  }

  function renderCleaned() {
    const cleaned = state.response.text;
    if (!state.ops) {
      return el("div", {},
        el("p", {class: "hint", text: "The fixes could not be replayed on this text, so they are not marked."}),
        el("pre", {class: "text", text: cleaned}));
    }
    const out = el("pre", {class: "text cleaned"});
    for (const op of state.ops) out.append("eq" in op ? op.eq : fixNode(op, "ins"));
    return out;
  }

  function renderDiff() {
    if (!state.ops) return el("p", {class: "hint", text: "The fixes could not be replayed on this text: no diff."});
    const rows = [];
    let left = [], right = [], changed = false, line = 1, rowLine = 1;
    const flush = () => {
      rows.push({left, right, changed, line: rowLine});
      left = []; right = []; changed = false;
    };
    for (const op of state.ops) {
      if ("eq" in op) {
        const parts = op.eq.split("\n");
        parts.forEach((part, k) => {
          if (part) { left.push(part); right.push(part); }
          if (k < parts.length - 1) { flush(); line++; rowLine = line; }
        });
      } else {
        left.push(fixNode(op, "del"));
        right.push(fixNode(op, "ins"));
        line += (op.del.match(/\n/g) || []).length;
        changed = true;
      }
    }
    flush();
    const onlyChanged = $("diff-only")?.checked ?? false;
    const toggle = el("label", {class: "diff-toggle"},
      el("input", {type: "checkbox", id: "diff-only", checked: onlyChanged,
        on: {change: () => setView("diff")}}), " only lines with fixes");
    const body = rows
      .filter((r) => !onlyChanged || r.changed)
      .map((r) => el("tr", {class: r.changed ? "changed" : (r.left.length ? "" : "blank")},
        el("td", {class: "ln", "aria-hidden": "true"}, String(r.line)),
        el("td", {class: "side"}, ...r.left),
        el("td", {class: "side"}, ...r.right)));
    return el("div", {},
      toggle,
      el("table", {class: "diff"},
        el("thead", {}, el("tr", {}, el("th", {scope: "col", class: "ln"}, "line"),
          el("th", {scope: "col"}, "original"), el("th", {scope: "col"}, "cleaned"))),
        el("tbody", {}, ...body)));
  }

  // -- details on hover and focus -----------------------------------------------------------

  let tipFor = null;

  function issueDetails(issue) {
    const rows = [
      ["code", issue.code],
      ["message", issue.message],
      ["confidence", `${pct(issue.confidence, 0)} (${issue.severity})`],
      ["span", `[${issue.start}, ${issue.end}) “${visible(issue.excerpt)}”`],
      ["fix", fixText(issue)],
    ];
    if (issue.detail && Object.keys(issue.detail).length) rows.push(["detail", JSON.stringify(issue.detail)]);
    return el("section", {class: "tip-issue"},
      el("h3", {}, el("span", {class: `swatch iss ${typeClass(issue.type)}`, text: issue.type})),
      el("dl", {}, ...rows.flatMap(([k, v]) => [el("dt", {text: k}), el("dd", {text: v})])));
  }

  function showTip(target, primary) {
    // The issue itself first, then the others that cover the same place.
    const ids = [];
    for (let node = target; node && node !== doc; node = node.parentElement) {
      if (node.dataset && node.dataset.i !== undefined) ids.push(Number(node.dataset.i));
    }
    if (primary !== undefined) ids.sort((a, b) => (b === primary) - (a === primary));
    if (!ids.length) return hideTip();
    const unique = [...new Set(ids)];
    tip.replaceChildren(...unique.slice(0, 4).map((i) => issueDetails(state.issues[i])));
    if (unique.length > 4) tip.append(el("p", {text: `and ${unique.length - 4} more`}));
    tip.hidden = false;
    const rect = target.getClientRects()[0] || target.getBoundingClientRect();
    const width = Math.min(tip.offsetWidth, document.documentElement.clientWidth - 16);
    tip.style.left = `${Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8))}px`;
    tip.style.top = `${rect.bottom + window.scrollY + 6}px`;
    markActive(unique[0]);
    tipFor = target;
  }

  function hideTip() {
    tip.hidden = true;
    tipFor = null;
    markActive(null);
  }

  function markActive(i) {
    for (const node of doc.querySelectorAll(".active")) node.classList.remove("active");
    if (i !== null && i !== undefined) {
      for (const node of doc.querySelectorAll(`[data-i="${Number(i)}"]`)) node.classList.add("active");
    }
  }

  doc.addEventListener("mouseover", (event) => {
    const target = event.target.closest("[data-i]");
    if (target && doc.contains(target)) { if (target !== tipFor) showTip(target); }
    else if (tipFor && document.activeElement !== tipFor) hideTip();
  });
  doc.addEventListener("mouseleave", () => { if (tipFor && document.activeElement !== tipFor) hideTip(); });
  doc.addEventListener("focusin", (event) => {
    const target = event.target.closest("[data-i]");
    if (target) showTip(target, Number(target.dataset.i));
  });
  doc.addEventListener("focusout", (event) => { if (!doc.contains(event.relatedTarget)) hideTip(); });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !tip.hidden) { hideTip(); return; }
    if (!doc.contains(document.activeElement) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "n" || event.key === "p") {
      event.preventDefault();
      const stops = [...doc.querySelectorAll("[data-first]")].filter((node) => node.tabIndex >= 0);
      const at = stops.indexOf(document.activeElement);
      const to = event.key === "n" ? Math.min(stops.length - 1, at + 1) : Math.max(0, at - 1);
      if (stops[to]) stops[to].focus();
    }
  });

  function focusIssue(i) {
    if (state.view !== "original") setView("original");
    const node = doc.querySelector(`[data-first][data-i="${Number(i)}"]`);
    if (!node) return;
    if (node.tabIndex < 0) node.tabIndex = 0;
    node.scrollIntoView({block: "center"});
    node.focus({preventScroll: true});
  }

  // -- downloads ----------------------------------------------------------------------------

  $("download-text").addEventListener("click", () => {
    if (state.response) download(`${state.name}.cleaned.txt`, state.response.text, "text/plain;charset=utf-8");
  });
  $("download-issues").addEventListener("click", () => {
    if (!state.response) return;
    const {id, stats, issues} = state.response;
    const body = JSON.stringify({id, stats, issues}, null, 2);
    download(`${state.name}.issues.json`, body, "application/json");
  });
})();
