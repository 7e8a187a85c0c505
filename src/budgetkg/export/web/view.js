// budgetkg graph view: wires a search box and an attribute panel to a Cytoscape.js graph.
(function () {
  "use strict";
  var payload = JSON.parse(document.getElementById("graph-data").textContent);
  var HIDDEN = { colour: true, size: true, name: true, value: true };
  var SEARCHED = ["label", "id", "documentNumber", "notation", "code", "title", "issuer"];

  var cy = cytoscape({
    container: document.getElementById("cy"),
    elements: payload.elements,
    style: [
      { selector: "node", style: {
          "background-color": "data(colour)", "width": "data(size)", "height": "data(size)",
          "label": "data(label)", "font-size": 6, "text-valign": "bottom", "text-wrap": "ellipsis",
          "text-max-width": 90, "min-zoomed-font-size": 5 } },
      { selector: "edge", style: {
          "width": 0.8, "line-color": "#bbb", "target-arrow-color": "#bbb", "target-arrow-shape": "triangle",
          "arrow-scale": 0.5, "curve-style": "bezier" } },
      { selector: "edge[relation = 'legalBasis']", style: { "line-color": "#d62728", "target-arrow-color": "#d62728" } },
      { selector: "node.match", style: { "border-width": 3, "border-color": "#000" } },
      { selector: ".faded", style: { "opacity": 0.15 } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#e6ab02" } },
      { selector: "edge:selected", style: { "label": "data(relation)", "font-size": 6, "line-color": "#333" } }
    ],
    layout: payload.layout
  });

  var UNIFORM_SIZE = 14;

  // one labelled checkbox per node type present: the legend is also the type filter
  function legend() {
    var box = document.getElementById("legend");
    var present = {};
    cy.nodes().forEach(function (n) { present[n.data("type")] = (present[n.data("type")] || 0) + 1; });
    var types = Object.keys(payload.colours).filter(function (t) { return present[t]; });
    Object.keys(present).sort().forEach(function (t) { if (types.indexOf(t) < 0) { types.push(t); } });
    types.forEach(function (type) {
      var item = document.createElement("label");
      item.setAttribute("data-type", type);
      var check = document.createElement("input");
      check.type = "checkbox";
      check.checked = true;
      check.addEventListener("change", function () { setTypeVisible(type, check.checked); });
      var dot = document.createElement("i");
      dot.style.background = payload.colours[type] || "#bcbd22";
      item.appendChild(check);
      item.appendChild(dot);
      item.appendChild(document.createTextNode(type + " (" + present[type] + ")"));
      box.appendChild(item);
    });
  }

  // hidden nodes take their edges with them; the legend checkbox and "hide codes" stay in step
  function setTypeVisible(type, visible) {
    var nodes = cy.nodes().filter(function (n) { return n.data("type") === type; });
    // a style bypass, not a class: removing a class did not always bring display back in Cytoscape 3
    nodes.style("display", visible ? "element" : "none");
    if (visible) { nodes.removeClass("type-hidden"); } else { nodes.addClass("type-hidden"); }
    var check = document.querySelector('#legend label[data-type="' + type + '"] input');
    if (check) { check.checked = visible; }
    if (type === "Code") { document.getElementById("hide-codes").checked = !visible; }
    return nodes.length;
  }

  // on: a node's size follows its amount (log scale, computed at export); off: every node alike
  function sizeByAmount(on) {
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var size = on ? n.data("size") : UNIFORM_SIZE;
        n.style({ "width": size, "height": size });
      });
    });
    document.getElementById("size-by-amount").checked = on;
  }

  function matches(node, term) {
    return SEARCHED.some(function (key) {
      var value = node.data(key);
      return value !== undefined && value !== null && String(value).toLowerCase().indexOf(term) >= 0;
    });
  }

  function search(text) {
    var term = (text || "").trim().toLowerCase();
    cy.elements().removeClass("match faded");
    var status = document.getElementById("search-status");
    if (!term) { status.textContent = ""; return 0; }
    var found = cy.nodes().filter(function (n) { return matches(n, term); });
    status.textContent = found.length + " matches";
    if (found.length) {
      var near = found.closedNeighborhood();
      cy.elements().difference(near).addClass("faded");
      found.addClass("match");
      cy.fit(near, 40);
    }
    return found.length;
  }

  function row(table, key, value, cls) {
    var tr = table.insertRow();
    if (cls) { tr.className = cls; }
    var th = document.createElement("th");
    th.textContent = key;
    tr.appendChild(th);
    tr.insertCell().textContent = value;
  }

  function show(element) {
    var panel = document.getElementById("info");
    var data = element.data();
    panel.innerHTML = "";
    var title = document.createElement("h2");
    title.id = "info-title";
    title.style.fontSize = "14px";
    title.textContent = data.label || data.relation || data.id;
    panel.appendChild(title);
    var table = document.createElement("table");
    table.id = "info-table";
    Object.keys(data).sort().forEach(function (key) {
      if (HIDDEN[key] || data[key] === "" || data[key] === undefined) { return; }
      row(table, key, data[key], key === "provenance" ? "provenance" : "");
    });
    if (element.isNode()) {
      row(table, "degree", element.degree(false));
    }
    panel.appendChild(table);
  }

  cy.on("tap", "node, edge", function (event) { show(event.target); });
  var box = document.getElementById("search");
  box.addEventListener("input", function () { search(box.value); });
  box.addEventListener("keydown", function (event) { if (event.key === "Enter") { search(box.value); } });
  legend();
  var hideCodes = document.getElementById("hide-codes");
  hideCodes.addEventListener("change", function () { setTypeVisible("Code", !hideCodes.checked); });
  var sizing = document.getElementById("size-by-amount");
  sizing.addEventListener("change", function () { sizeByAmount(sizing.checked); });
  window.budgetkgView = {
    cy: cy, search: search, show: show, setTypeVisible: setTypeVisible, sizeByAmount: sizeByAmount
  };
  document.body.setAttribute("data-ready", "true");
})();
