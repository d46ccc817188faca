// DOM building without innerHTML: every value from the API goes in as text, never as markup.
import { currentToken, downloadWithToken, saveBlob } from "./api.js";

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (name === "class") element.className = value;
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : String(child));
  }
}

export function loadingState(message = "Chargement…") {
  return h("p", { class: "state state--loading", role: "status" }, message);
}

export function emptyState(message) {
  return h("p", { class: "state" }, message);
}

export function errorState(error) {
  return h("p", { class: "state state--error", role: "alert" }, error instanceof Error ? error.message : String(error));
}

export function tag(code, text) {
  return h("span", { class: `tag tag--${code}` }, text);
}

/** A CSV as the hub's exports write it: UTF-8 with a BOM, ";" between fields, CRLF line ends. */
export function toCsv(header, rows) {
  const cell = (value) => {
    const text = value === null || value === undefined ? "" : String(value);
    return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\ufeff${[header, ...rows].map((row) => row.map(cell).join(";")).join("\r\n")}\r\n`;
}

/** A link to one of the hub's export endpoints (`/export/<report>.<format>?…`). */
export function exportLink(text, href) {
  return h(
    "a",
    {
      href,
      download: "",
      "data-export": "server",
      onclick: (event) => {
        if (!currentToken()) return; // the browser follows the link itself
        event.preventDefault();
        downloadWithToken(href).catch((error) => window.alert(error.message));
      },
    },
    text,
  );
}

/** A CSV built in the page from a table's rows (for tables no export report covers). */
export function csvLink(text, fileName, build) {
  return h(
    "a",
    {
      href: "#",
      "data-export": "page",
      role: "button",
      onclick: (event) => {
        event.preventDefault();
        saveBlob(new Blob([build()], { type: "text/csv;charset=utf-8" }), fileName);
      },
    },
    text,
  );
}

/**
 * A table of rows with optional sorting. columns: { key, label, numeric, sortValue(row), render(row),
 * csv(row) }. Sorting uses buttons in the headers (keyboard reachable) and announces itself with
 * aria-sort. Returns the wrapper element and a CSV builder of the current rows.
 */
export function dataTable({ caption, columns, rows, sortable = false, initialSort = null, id, rowAttributes }) {
  let sort = initialSort; // { key, direction: 1 | -1 }
  const tbody = h("tbody");
  const headCells = columns.map((column) => {
    const cell = h("th", { scope: "col", class: column.numeric ? "num" : null });
    if (sortable && column.sortValue) {
      const button = h(
        "button",
        {
          type: "button",
          onclick: () => {
            sort = { key: column.key, direction: sort?.key === column.key ? -sort.direction : column.numeric ? -1 : 1 };
            draw();
          },
        },
        column.label,
        h("span", { class: "sort-icon", "aria-hidden": "true" }, "↕"),
      );
      cell.append(button);
    } else {
      cell.textContent = column.label;
    }
    return cell;
  });
  const collator = new Intl.Collator("fr-FR", { numeric: true, sensitivity: "base" });

  function sortedRows() {
    if (!sort) return rows;
    const column = columns.find((c) => c.key === sort.key);
    return [...rows].sort((a, b) => {
      const x = column.sortValue(a);
      const y = column.sortValue(b);
      if (x === y) return 0;
      if (x === null || x === undefined) return 1; // unknown values last, whatever the direction
      if (y === null || y === undefined) return -1;
      const order = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
      return order * sort.direction;
    });
  }

  function draw() {
    headCells.forEach((cell, index) => {
      const column = columns[index];
      if (!sortable || !column.sortValue) return;
      const state = sort?.key === column.key ? (sort.direction === 1 ? "ascending" : "descending") : "none";
      cell.setAttribute("aria-sort", state);
      cell.querySelector(".sort-icon").textContent = state === "ascending" ? "▲" : state === "descending" ? "▼" : "↕";
    });
    tbody.replaceChildren(
      ...sortedRows().map((row) =>
        h(
          "tr",
          rowAttributes ? rowAttributes(row) : {},
          columns.map((column, index) => {
            // Shown as sorted and exported: a column without `render` shows its sortValue (the CSV's default too).
            const content = column.render ? column.render(row) : column.sortValue ? column.sortValue(row) : row[column.key];
            // The first column names the row: a row header for screen readers.
            return h(index === 0 ? "th" : "td", { class: column.numeric ? "num" : null, scope: index === 0 ? "row" : null }, content);
          }),
        ),
      ),
    );
  }
  draw();

  const table = h(
    "table",
    { id },
    h("caption", { class: caption?.hidden ? "sr-only" : null }, caption?.text ?? caption),
    h("thead", {}, h("tr", {}, headCells)),
    tbody,
  );
  // A scrollable region must be focusable to be scrolled with the keyboard on a narrow screen.
  const wrapper = h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption?.text ?? caption }, table);
  const csv = () =>
    toCsv(
      columns.map((c) => c.label),
      sortedRows().map((row) => columns.map((c) => (c.csv ? c.csv(row) : c.sortValue ? c.sortValue(row) : row[c.key]))),
    );
  return { element: wrapper, csv, table };
}

/** A section title with its export links on the right. */
export function sectionHead(title, id, ...links) {
  return h("div", { class: "section-head" }, h("h2", { id }, title), links.length ? h("p", { class: "exports" }, links) : null);
}

/** A figure card: label, value, detail. `name` lets tests and benchmarks find it. */
export function figure(name, labelText, value, detail, raw) {
  return h(
    "li",
    { class: "figure", "data-figure": name, "data-value": raw ?? null },
    h("span", { class: "figure__label" }, labelText),
    h("span", { class: "figure__value" }, value),
    detail ? h("span", { class: "figure__detail" }, detail) : null,
  );
}

/** Resolves when a chart component has drawn: the map fills its départements, a line chart its canvas. */
export function whenDrawn(element, test, timeoutMs = 15_000) {
  return new Promise((resolve) => {
    const started = performance.now();
    const check = () => {
      if (test(element)) resolve(true);
      else if (performance.now() - started > timeoutMs) resolve(false);
      else requestAnimationFrame(check);
    };
    check();
  });
}
