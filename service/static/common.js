// Helpers shared by the pages. Every string from a document or the API reaches the DOM
// through textContent or a text node: nothing here parses HTML.
"use strict";

const Z = (() => {
  /** el("p", {class: "x", text: "…", on: {click: f}, dataset: {i: 1}}, child, "text", …) */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = String(value);
      else if (key === "class") node.className = value;
      else if (key === "on") for (const [type, fn] of Object.entries(value)) node.addEventListener(type, fn);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** fetch + JSON; throws an Error carrying the API's {"error"} message on a 4xx/5xx. */
  async function api(path, options) {
    let response;
    try {
      response = await fetch(path, options);
    } catch (err) {
      throw new Error(`network error: ${err.message}`);
    }
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      body = null;
    }
    if (!response.ok) {
      const message = body && typeof body.error === "string" ? body.error : response.statusText;
      throw new Error(`${response.status}: ${message}`);
    }
    return body;
  }

  function download(filename, content, type) {
    const url = URL.createObjectURL(new Blob([content], {type}));
    const link = el("a", {href: url, download: filename, hidden: true});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  const pct = (x, digits = 1) => `${(100 * x).toFixed(digits)}%`;

  /** Python-style code point slicing: API offsets count code points, JS strings UTF-16 units. */
  const codePoints = (text) => Array.from(text);

  /** Whitespace made visible, for excerpts and replacements shown out of context. */
  const visible = (text) => text.replace(/\n/g, "↵").replace(/\t/g, "⇥").replace(/ /g, "␣");

  function status(node, message, isError) {
    node.textContent = message;
    node.classList.toggle("error", Boolean(isError));
  }

  /** Previous / page x of y / next. onPage(page) is called with a 0-based page. */
  function pager(total, pageSize, page, onPage, label) {
    const pages = Math.max(1, Math.ceil(total / pageSize));
    if (pages <= 1) return el("span", {class: "pager-empty"});
    return el("nav", {class: "pager", "aria-label": `${label} pages`},
      el("button", {type: "button", disabled: page <= 0, on: {click: () => onPage(page - 1)}}, "‹ Previous"),
      el("span", {class: "page-of", "aria-live": "polite"}, `page ${page + 1} of ${pages}`),
      el("button", {type: "button", disabled: page >= pages - 1, on: {click: () => onPage(page + 1)}}, "Next ›"));
  }

  return {el, append, api, download, pct, codePoints, visible, status, pager};
})();
