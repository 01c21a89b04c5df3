/* The project lists of the region pages: sorted by tablesort (a click on a column header), filtered here.
   Progressive: without script each list is complete and the search field stays hidden. */
(function () {
  "use strict";
  document.querySelectorAll("table.sorteerbaar").forEach(function (table) {
    new Tablesort(table);  // it also makes each header focusable and sorts on Enter
  });
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var name = input.getAttribute("data-filter");
    var table = document.getElementById(name);
    var count = document.getElementById(name + "-telling");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    input.closest(".filter").hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.toLocaleLowerCase("nl").split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLocaleLowerCase("nl");
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !match;
        shown += match ? 1 : 0;
      });
      count.textContent = words.length ? shown + " van " + rows.length + " projecten" : "";
    });
  });
})();
