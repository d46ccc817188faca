// The covered share over the years as a small SVG line chart, with the same figures as a table (the
// drawing says nothing to a screen reader).
//
// Drawn here rather than with dsfr-chart's <line-chart>: that component hard-codes its y-axis labels (raw
// numbers: a share of 5 % reads "0.05", or "5" without its unit) and a curve tension of 0.4, whose Bézier
// curves overshoot between two equal years (a flat coverage drawn as a bump); neither is an option of it.
// Here the axis reads French percentages ("5 %") and the points are joined by straight segments.
import { dataTable, emptyState, h } from "../dom.js";
import { formatDate, formatShare } from "../format.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 640;
const HEIGHT = 240;
const MARGIN = { top: 12, right: 16, bottom: 28, left: 56 };
/** Line colours, in series order (contrast ≥ 4.5:1 on white). */
const COLOURS = ["#000091", "#b34000", "#18753c", "#6e445a"];

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

/** A "nice" step (1, 2 or 5 × 10^k) giving about four intervals up to `max`. */
function niceStep(max) {
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough) ?? 10 * power;
}

/** Axis labels as French percentages, with the decimals the step needs and no trailing zero: "0 %", "5 %", "0,5 %". */
function tickFormat(step) {
  const decimals = Math.max(0, -Math.floor(Math.log10(step * 100) + 1e-9));
  const format = new Intl.NumberFormat("fr-FR", { style: "percent", minimumFractionDigits: 0, maximumFractionDigits: decimals });
  return (share) => format.format(share);
}

/** The y scale: from 0 to a rounded bound above the largest share (1 % when every share is 0), and its ticks. */
export function shareScale(shares) {
  const max = Math.max(0, ...shares.filter((s) => typeof s === "number"));
  const step = niceStep(max > 0 ? Math.min(max, 1) : 0.01);
  const top = Math.min(1, Math.max(step, Math.ceil(max / step - 1e-9) * step));
  const ticks = [];
  for (let value = 0; value <= top + step / 2; value += step) ticks.push(Math.round(value / step) * step);
  return { top, ticks, label: tickFormat(step) };
}

/** Which x labels to show: all when they fit, else every n-th (always the last, the chosen date). */
function shownLabels(count, plotWidth) {
  const every = Math.max(1, Math.ceil((count * 64) / plotWidth));
  return (index) => index === count - 1 || (index % every === 0 && count - 1 - index >= every);
}

function lineChart(usable, axisLabel) {
  const dates = usable[0].points.map((p) => p.date);
  const scale = shareScale(usable.flatMap((s) => s.points.map((p) => p.coveredPopulationShare)));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (index) => MARGIN.left + (dates.length === 1 ? plotWidth / 2 : (index * plotWidth) / (dates.length - 1));
  const y = (share) => MARGIN.top + plotHeight - (Math.min(share, scale.top) / scale.top) * plotHeight;
  const round = (value) => Math.round(value * 10) / 10;

  const grid = scale.ticks.map((tick) =>
    svg(
      "g",
      { class: "history__tick" },
      svg("line", { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: round(y(tick)), y2: round(y(tick)) }),
      svg("text", { x: MARGIN.left - 8, y: round(y(tick)), "text-anchor": "end", "dominant-baseline": "middle" }, scale.label(tick)),
    ),
  );
  const show = shownLabels(dates.length, plotWidth);
  const xLabels = dates
    .map((date, index) =>
      show(index)
        ? // The last label (the chosen date, the longest) ends at its point rather than past the drawing's edge.
          svg(
            "text",
            {
              class: "history__x",
              x: round(x(index)),
              y: HEIGHT - 8,
              "text-anchor": index === dates.length - 1 && index > 0 ? "end" : "middle",
            },
            axisLabel(date),
          )
        : null,
    )
    .filter(Boolean);
  const lines = usable.map((series, s) => {
    const points = series.points.map((p, index) => [round(x(index)), round(y(p.coveredPopulationShare))]);
    return svg(
      "g",
      { class: "history__series", "data-series": series.name, style: `--series-colour: ${COLOURS[s % COLOURS.length]}` },
      // Straight segments between the points: a flat stretch stays flat.
      svg("polyline", { points: points.map(([px, py]) => `${px},${py}`).join(" "), fill: "none" }),
      ...points.map(([px, py], index) =>
        svg(
          "circle",
          { cx: px, cy: py, r: 3.5 },
          svg("title", {}, `${series.name}, ${axisLabel(dates[index])} : ${formatShare(series.points[index].coveredPopulationShare)}`),
        ),
      ),
    );
  });
  return svg(
    "svg",
    { class: "history__chart", viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-hidden": "true", focusable: "false" },
    ...grid,
    ...xLabels,
    ...lines,
  );
}

/** series: [{ name, points: [{ date, coveredPopulationShare }] }] */
export function historyChart(series) {
  const usable = series.filter((s) => s.points.length > 0);
  if (usable.length === 0) return { element: emptyState("Pas d'historique pour cette période.") };
  // Year-end points read as the year; the last point (the chosen date) keeps its full date.
  const axisLabel = (date) => (date.endsWith("-12-31") ? date.slice(0, 4) : formatDate(date));
  const legend = h(
    "ul",
    { class: "history__legend", "aria-hidden": "true" },
    usable.map((s, i) => h("li", { style: `--series-colour: ${COLOURS[i % COLOURS.length]}` }, s.name)),
  );

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
    element: h(
      "div",
      { class: "history", id: "history-chart", "data-drawn": "true" },
      h("div", { class: "history__figure" }, lineChart(usable, axisLabel), legend),
      h("details", {}, h("summary", {}, "Voir les valeurs en tableau"), table.element),
    ),
  };
}
