// Bar charts with @gouvfr/dsfr-chart's <bar-chart>, each with the same figures as a table: the canvas says nothing
// to a screen reader, and the table is what a keyboard or a narrow screen reads best.
import { dataTable, h, whenDrawn } from "../dom.js";

/**
 * A figure: a title, a `<bar-chart>` (x labels, one series per entry of `series`) and a table of the same values.
 * series: [{ name, values: number|null[] }]; format(value) writes a value in the table.
 */
export function barChart({ id, title, labels, series, unit = "", format, stacked = false }) {
  const chart = document.createElement("bar-chart");
  chart.setAttribute("x", JSON.stringify(series.map(() => labels.map(String))));
  chart.setAttribute("y", JSON.stringify(series.map((s) => s.values.map((v) => v ?? 0))));
  chart.setAttribute("name", JSON.stringify(series.map((s) => s.name)));
  chart.setAttribute("selected-palette", "categorical");
  if (unit) chart.setAttribute("unit-tooltip", unit);
  if (stacked) chart.setAttribute("stacked", "true");
  chart.setAttribute("aria-hidden", "true");
  const table = dataTable({
    caption: { text: title, hidden: true },
    id: `${id}-table`,
    rows: labels.map((labelText, index) => ({ labelText, index })),
    columns: [
      { key: "label", label: "", sortValue: (row) => row.labelText },
      ...series.map((s, n) => ({
        key: `s${n}`,
        label: s.name,
        numeric: true,
        render: (row) => format(s.values[row.index]),
        csv: (row) => s.values[row.index],
      })),
    ],
  });
  const box = h("div", { class: "chart-box", "data-drawn": "false" }, chart);
  // The component draws on a canvas once its library has loaded (the page does not wait for it).
  void whenDrawn(box, (element) => element.querySelector("canvas") !== null).then((drawn) => {
    box.dataset.drawn = String(drawn);
  });
  return h(
    "figure",
    { class: "chart", id },
    h("figcaption", { class: "chart__title" }, title),
    box,
    h("details", { class: "chart__data" }, h("summary", {}, "Voir les données en tableau"), table.element),
  );
}
