// Sorting, filtering and expanding. The page is complete without this script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    var raw = cell ? (cell.getAttribute("data-value") || cell.textContent) : "";
    if (!numeric) { return raw.trim().toLowerCase(); }
    var number = parseFloat(raw.replace(/[^0-9.\-]/g, ""));
    return isNaN(number) ? -Infinity : number;
  }
  function sortBy(table, header) {
    var index = Array.prototype.indexOf.call(header.parentNode.children, header);
    var numeric = header.getAttribute("data-sort") === "num";
    var ascending = !header.classList.contains("sorted-asc");
    Array.prototype.forEach.call(header.parentNode.children, function (th) { th.classList.remove("sorted-asc", "sorted-desc"); });
    header.classList.add(ascending ? "sorted-asc" : "sorted-desc");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th[data-sort]").forEach(function (header) {
      header.setAttribute("tabindex", "0");
      header.addEventListener("click", function () { sortBy(table, header); });
      header.addEventListener("keydown", function (event) { if (event.key === "Enter") { sortBy(table, header); } });
    });
  });
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var target = document.getElementById(input.getAttribute("data-filter"));
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var items = target.tagName === "TABLE" ? target.tBodies[0].rows : target.children;
      Array.prototype.forEach.call(items, function (item) {
        var text = item.textContent.toLowerCase();
        item.hidden = !words.every(function (word) { return text.indexOf(word) >= 0; });
      });
    });
  });
  document.querySelectorAll("button[data-open]").forEach(function (button) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("data-open") === "all";
      document.querySelectorAll(button.getAttribute("data-target") + " > details").forEach(function (d) { d.open = open; });
    });
  });
})();
