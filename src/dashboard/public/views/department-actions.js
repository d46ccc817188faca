// The département's actions compared across its territories (one row per CTG) from `actionStats`: how many, how
// many late, by status, and the money planned and actual when the caller may read it.
import { gqlPartial } from "../api.js";
import { csvLink, dataTable, emptyState, errorState, h, loadingState, sectionHead } from "../dom.js";
import { ACTION_STATUSES, formatEuros, formatInteger } from "../format.js";
import { barChart } from "./charts.js";

const ACTIONS_QUERY = `query DashboardDepartmentActions($department: String!, $asOf: Date!) {
  actionStats(filter: { department: $department }, groupBy: [CONVENTION, STATUS], asOf: $asOf) {
    convention status totals actions lateActions plannedEuros actualEuros
  }
}`;

/** The section, filled when its answer arrives. */
export function departmentActionsSection(context, department) {
  const section = h(
    "section",
    { "aria-labelledby": "actions-titre", id: "department-actions" },
    h("h2", { id: "actions-titre" }, "Actions des CTG comparées"),
    loadingState("Chargement des actions…"),
  );
  void fill(section, context, department);
  return section;
}

async function fill(section, context, department) {
  try {
    const { data, errors } = await gqlPartial(ACTIONS_QUERY, { department: department.code, asOf: context.date });
    if (!context.isCurrent()) return;
    section.replaceChildren(...content(context, department, data.actionStats, errors).filter(Boolean));
  } catch (error) {
    if (context.isCurrent()) section.replaceChildren(section.firstChild, errorState(error));
  }
}

function content(context, department, stats, errors) {
  const moneyAllowed = !errors.some((e) => e.path?.includes("plannedEuros") || e.path?.includes("actualEuros"));
  // Rows per CTG: the STATUS total of each CONVENTION; the detail gives the statuses.
  const byConvention = new Map();
  for (const row of stats) {
    if (row.convention === null) continue;
    if (!byConvention.has(row.convention)) byConvention.set(row.convention, { reference: row.convention, statuses: {} });
    const entry = byConvention.get(row.convention);
    if (row.totals.length === 0) entry.statuses[row.status] = row.actions;
    else Object.assign(entry, { actions: row.actions, late: row.lateActions, planned: row.plannedEuros, actual: row.actualEuros });
  }
  const rows = [...byConvention.values()];
  const statuses = Object.keys(ACTION_STATUSES).filter((s) => rows.some((r) => r.statuses[s]));
  const keep = { date: context.params.get("date") };
  const table = dataTable({
    caption: `Actions par CTG du département (${formatInteger(rows.length)} CTG)`,
    id: "actions-comparison",
    rows,
    sortable: true,
    initialSort: { key: "late", direction: -1 },
    rowAttributes: (r) => ({ "data-convention": r.reference }),
    columns: [
      {
        key: "reference",
        label: "CTG",
        sortValue: (r) => r.reference,
        render: (r) =>
          h("a", { href: context.href(`/conventions/${encodeURIComponent(r.reference)}`, keep), "data-internal": true }, r.reference),
      },
      { key: "actions", label: "Actions", numeric: true, sortValue: (r) => r.actions, render: (r) => formatInteger(r.actions) },
      { key: "late", label: "En retard", numeric: true, sortValue: (r) => r.late, render: (r) => formatInteger(r.late) },
      ...statuses.map((s) => ({
        key: s,
        label: ACTION_STATUSES[s],
        numeric: true,
        sortValue: (r) => r.statuses[s] ?? 0,
        render: (r) => formatInteger(r.statuses[s] ?? 0),
      })),
      ...(moneyAllowed
        ? [
            { key: "planned", label: "Prévu (€)", numeric: true, sortValue: (r) => r.planned, render: (r) => formatEuros(r.planned) },
            { key: "actual", label: "Réalisé (€)", numeric: true, sortValue: (r) => r.actual, render: (r) => formatEuros(r.actual) },
          ]
        : []),
    ],
  });
  const head = sectionHead(
    "Actions des CTG comparées",
    "actions-titre",
    csvLink("Télécharger (CSV)", `actions-${department.code}-${context.date}.csv`, table.csv),
  );
  if (rows.length === 0) return [head, emptyState("Aucune action enregistrée dans les CTG du département.")];
  const top = [...rows].sort((a, b) => b.actions - a.actions).slice(0, 15);
  return [
    head,
    barChart({
      id: "actions-chart",
      title: top.length < rows.length ? `Actions par état, les ${top.length} CTG qui en ont le plus` : "Actions par état et par CTG",
      labels: top.map((r) => r.reference),
      series: statuses.map((s) => ({ name: ACTION_STATUSES[s], values: top.map((r) => r.statuses[s] ?? 0) })),
      format: formatInteger,
      stacked: true,
    }),
    table.element,
    moneyAllowed
      ? null
      : h(
          "p",
          { class: "state", id: "actions-money-reserved" },
          "Les montants prévus et réalisés sont réservés aux agents CAF et aux analystes du département.",
        ),
  ];
}
