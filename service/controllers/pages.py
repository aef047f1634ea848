"""Pages and operational endpoints: /, /corpus, /healthz, /metrics."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from litestar import MediaType, Response, get
from litestar.di import NamedDependency

from corpus import CorpusStore, render_report_html

from ..metrics import CONTENT_TYPE, Metrics
from ..schemas import Health

try:
    VERSION = version("zhclean")
except PackageNotFoundError:  # running from a checkout that was never installed
    VERSION = "0+unknown"

# Self-contained on purpose: no external scripts or styles, so it works offline and behind proxies.
INDEX_HTML = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>zhclean</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
textarea { width: 100%; height: 14rem; font-size: 1rem; }
pre { background: #f5f5f5; padding: 1rem; overflow: auto; white-space: pre-wrap; }
.row { margin: .5rem 0; }
</style>
</head>
<body>
<h1>zhclean</h1>
<p>Paste Chinese text, then clean it. The answer is the JSON of <code>POST /v1/clean</code>.
See also the <a href="/corpus">corpus report</a> and the <a href="/schema">API schema</a>.</p>
<textarea id="text" placeholder="关于2023年…的报告"></textarea>
<div class="row">
  <label>id <input id="doc-id" size="20"></label>
  <label>year <input id="year" type="number" min="1000" max="9999" style="width:6rem"></label>
  <label><input id="fix" type="checkbox" checked> apply fixes</label>
  <button id="clean">Clean</button>
</div>
<h2>Cleaned text</h2>
<pre id="cleaned"></pre>
<h2>Response</h2>
<pre id="out"></pre>
<script>
document.getElementById("clean").addEventListener("click", async () => {
  const body = {text: document.getElementById("text").value, fix: document.getElementById("fix").checked};
  const id = document.getElementById("doc-id").value.trim();
  const year = document.getElementById("year").value.trim();
  if (id) body.id = id;
  if (year) body.year = Number(year);
  const out = document.getElementById("out");
  out.textContent = "…";
  try {
    const response = await fetch("/v1/clean", {
      method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
    const json = await response.json();
    document.getElementById("cleaned").textContent = json.text ?? "";
    out.textContent = response.status + "\\n" + JSON.stringify(json, null, 2);
  } catch (err) {
    out.textContent = String(err);
  }
});
</script>
</body>
</html>
"""


@get("/", media_type=MediaType.HTML, include_in_schema=False, sync_to_thread=False)
def index() -> str:
    return INDEX_HTML


@get("/corpus", media_type=MediaType.HTML, sync_to_thread=True, summary="Duplication report as HTML")
def corpus_page(store: NamedDependency[CorpusStore]) -> str:
    return render_report_html(store.report())


@get("/healthz", sync_to_thread=False, summary="Liveness")
def healthz(store: NamedDependency[CorpusStore]) -> Health:
    return Health(status="ok", version=VERSION, backend=store.backend)


@get("/metrics", sync_to_thread=False, include_in_schema=False)
def metrics_page(metrics: NamedDependency[Metrics]) -> Response[str]:
    return Response(metrics.render(), media_type=CONTENT_TYPE)
