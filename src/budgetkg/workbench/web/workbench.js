// The budgetkg workbench: lists the query library, fills the editor with a query bound by the server
// (/api/bind), runs the editor's text on the SPARQL endpoint (/query) and shows the answer as a table.
// Everything comes from this origin: no CDN, no other host.
(function () {
  "use strict";
  const MAX_ROWS = 2000; // rows drawn; the status line gives the full count
  const BLANK = [
    "PREFIX bgt: <https://w3id.org/budgetkg/ontology#>",
    "PREFIX dct: <http://purl.org/dc/terms/>",
    "PREFIX prov: <http://www.w3.org/ns/prov#>",
    "PREFIX qb: <http://purl.org/linked-data/cube#>",
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>",
    "",
    "SELECT ?document ?title WHERE { ?document a bgt:BudgetDocument . OPTIONAL { ?document dct:title ?title } }",
    "",
  ].join("\n");
  const NUMERIC = /#(decimal|integer|double|float|gYear|long|int)$/;
  const $ = (id) => document.getElementById(id);
  let library = [];
  let current = null;

  function element(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function status(text, isError) {
    const s = $("status");
    s.textContent = text;
    s.className = isError ? "error" : "";
  }

  function renderLibrary() {
    const term = $("filter").value.trim().toLowerCase();
    const list = $("library");
    list.replaceChildren();
    for (const q of library) {
      const haystack = [q.name, q.title, q.question, q.tags.join(" ")].join(" ").toLowerCase();
      if (term && !haystack.includes(term)) continue;
      const item = element("li", { "data-name": q.name, title: q.question });
      if (current && current.name === q.name) item.className = "selected";
      item.append(element("strong", {}, q.title), element("span", { class: "name" }, q.name));
      if (q.params.length) {
        const params = q.params.map((p) => `${p.name} (${p.type})`).join(", ");
        item.append(element("span", { class: "params" }, params));
      }
      item.addEventListener("click", () => choose(q.name));
      list.append(item);
    }
  }

  function choose(name) {
    current = library.find((q) => q.name === name);
    $("chosen").hidden = false;
    $("chosen-title").textContent = current.title;
    $("chosen-question").textContent = current.question;
    $("chosen-description").textContent = current.description;
    const form = $("params");
    form.replaceChildren();
    for (const p of current.params) {
      const label = element("label", { title: p.description }, `${p.name} (${p.type})`);
      const input = element("input", { name: p.name, "data-param": p.name, value: p.default ?? p.example });
      input.addEventListener("keydown", (e) => {
        if (e.key === "Enter") { e.preventDefault(); fill().then((ok) => ok && run()); }
      });
      label.append(input);
      form.append(label);
    }
    if (current.params.length) {
      const apply = element("button", { id: "apply", type: "button" }, "Fill editor with these values");
      apply.addEventListener("click", fill);
      form.append(apply);
    }
    renderLibrary();
    return fill();
  }

  async function fill() {
    const params = {};
    for (const input of $("params").querySelectorAll("input[data-param]")) params[input.name] = input.value;
    const answer = await fetch("/api/bind", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: current.name, params: params }),
    });
    const data = await answer.json();
    if (!answer.ok) { status(data.error, true); return false; }
    $("editor").value = data.query;
    status(`${current.name}: parameters bound as a VALUES block; Run sends exactly this text to /query`);
    return true;
  }

  function cell(term) {
    const td = element("td");
    if (!term) return td;
    td.textContent = term.value;
    if (term.type === "uri") td.className = "iri";
    if (term.datatype && NUMERIC.test(term.datatype)) td.className = "number";
    td.title = term.datatype || (term["xml:lang"] ? "@" + term["xml:lang"] : term.type);
    return td;
  }

  function showTable(data, ms) {
    const vars = data.head.vars || [];
    const rows = data.results.bindings;
    const table = element("table", { id: "results-table" });
    const head = element("tr");
    for (const v of vars) head.append(element("th", {}, v));
    table.appendChild(element("thead")).append(head);
    const body = table.appendChild(element("tbody"));
    for (const row of rows.slice(0, MAX_ROWS)) {
      const tr = element("tr");
      for (const v of vars) tr.append(cell(row[v]));
      body.append(tr);
    }
    $("results").replaceChildren(table);
    const shown = rows.length > MAX_ROWS ? ` (the first ${MAX_ROWS} shown)` : "";
    status(`${rows.length} row${rows.length === 1 ? "" : "s"} in ${ms} ms${shown}`);
  }

  async function run() {
    const text = $("editor").value;
    status("running…");
    const started = performance.now();
    let answer;
    try {
      answer = await fetch("/query", {
        method: "POST",
        headers: {
          "Content-Type": "application/sparql-query",
          Accept: "application/sparql-results+json, text/turtle;q=0.9",
        },
        body: text,
      });
    } catch (err) {
      status(`the server did not answer: ${err}`, true);
      return;
    }
    const ms = Math.round(performance.now() - started);
    const kind = answer.headers.get("Content-Type") || "";
    if (!answer.ok) {
      status(`HTTP ${answer.status}: ${await answer.text()}`, true);
      $("results").replaceChildren();
      return;
    }
    try {
      if (kind.includes("sparql-results+json")) {
        const data = await answer.json();
        if ("boolean" in data) {
          $("results").replaceChildren(element("pre", { id: "results-boolean" }, String(data.boolean)));
          status(`ASK: ${data.boolean} in ${ms} ms`);
        } else {
          showTable(data, ms);
        }
      } else {
        $("results").replaceChildren(element("pre", { id: "results-text" }, await answer.text()));
        status(`${kind} in ${ms} ms`);
      }
    } catch (err) {
      status(`the answer could not be shown: ${err}`, true);
    }
  }

  async function start() {
    $("endpoint").textContent = location.origin + "/query";
    $("editor").value = BLANK;
    $("run").addEventListener("click", run);
    $("blank").addEventListener("click", () => {
      current = null;
      $("chosen").hidden = true;
      $("editor").value = BLANK;
      renderLibrary();
    });
    $("editor").addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
    });
    $("filter").addEventListener("input", renderLibrary);
    try {
      library = await (await fetch("/api/queries")).json();
    } catch (err) {
      status(`the query library could not be loaded: ${err}`, true);
      return;
    }
    renderLibrary();
    status(`${library.length} library queries; choose one, or write SPARQL and Run`);
    document.body.setAttribute("data-ready", "true");
  }

  window.budgetkgWorkbench = { choose: choose, run: run, fill: fill };
  start();
})();
