// Filters a table's rows as you type. Markup:
//   <input type="search" data-table-filter="TABLE-ID" name="q">  (in a GET form: without this
//     script the server filters by q)
//   <tr data-filter-text="…">             the text a row is matched on (else the row's text)
//   <tr data-table-filter-heading>         a group's heading: shown while a row of its tbody is
//   [data-table-filter-count="TABLE-ID"]   receives the number of rows shown (inside aria-live)
//   [data-table-filter-empty="TABLE-ID"]   shown when no row matches
(() => {
  "use strict";

  function filterRows(table, needle) {
    let shown = 0;
    for (const body of table.tBodies) {
      let shownHere = 0;
      const headings = [];
      for (const row of body.rows) {
        if (row.hasAttribute("data-table-filter-heading")) {
          headings.push(row);
          continue;
        }
        const text = (row.dataset.filterText ?? row.textContent).toLocaleLowerCase();
        row.hidden = needle !== "" && !text.includes(needle);
        if (!row.hidden) shownHere += 1;
      }
      for (const heading of headings) heading.hidden = shownHere === 0;
      shown += shownHere;
    }
    return shown;
  }

  function report(id, shown) {
    const language = document.documentElement.lang || undefined;
    for (const count of document.querySelectorAll(`[data-table-filter-count="${id}"]`)) {
      count.textContent = shown.toLocaleString(language);
    }
    for (const empty of document.querySelectorAll(`[data-table-filter-empty="${id}"]`)) {
      empty.hidden = shown !== 0;
    }
  }

  for (const input of document.querySelectorAll("input[data-table-filter]")) {
    const id = input.dataset.tableFilter;
    const table = document.getElementById(id);
    if (!table) continue;
    let timer;
    const update = () => {
      const shown = filterRows(table, input.value.trim().toLocaleLowerCase());
      // The rows follow every key; the count, read out by screen readers, once typing pauses.
      clearTimeout(timer);
      timer = setTimeout(() => report(id, shown), 300);
    };
    input.addEventListener("input", update);
    if (input.value) update();
  }
})();
