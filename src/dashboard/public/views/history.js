// The covered share over the years as a dsfr-chart line chart, with the same figures as a table
// (the canvas says nothing to a screen reader).
import { dataTable, emptyState, h } from "../dom.js";
import { formatDate, formatShare } from "../format.js";

/** series: [{ name, points: [{ date, coveredPopulationShare }] }] */
export function historyChart(series) {
  const usable = series.filter((s) => s.points.length > 0);
  if (usable.length === 0) return { element: emptyState("Pas d'historique pour cette période.") };
  const percent = (share) => Math.round(share * 1000) / 10;
  const chart = document.createElement("line-chart");
  // Year-end points read as the year; the last point (the chosen date) keeps its full date.
  const axisLabel = (date) => (date.endsWith("-12-31") ? date.slice(0, 4) : formatDate(date));
  chart.setAttribute("x", JSON.stringify(usable.map((s) => s.points.map((p) => axisLabel(p.date)))));
  chart.setAttribute("y", JSON.stringify(usable.map((s) => s.points.map((p) => percent(p.coveredPopulationShare)))));
  chart.setAttribute("name", JSON.stringify(usable.map((s) => s.name)));
  chart.setAttribute("unit-tooltip", "%");
  chart.setAttribute("y-min", "0");
  chart.setAttribute("selected-palette", "categorical");

  const dates = usable[0].points.map((p) => p.date);
  const table = dataTable({
    caption: { text: "Part de la population couverte en fin de période", hidden: false },
    rows: dates.map((date, index) => ({ date, values: usable.map((s) => s.points[index]?.coveredPopulationShare ?? null) })),
    columns: [
      { key: "date", label: "Date", render: (r) => formatDate(r.date) },
      ...usable.map((s, i) => ({ key: `s${i}`, label: s.name, numeric: true, render: (r) => formatShare(r.values[i]) })),
    ],
  });
  return {
    element: h("div", { class: "history", id: "history-chart" },
      h("div", { "aria-hidden": "true" }, chart),
      h("details", {}, h("summary", {}, "Voir les valeurs en tableau"), table.element)),
  };
}
