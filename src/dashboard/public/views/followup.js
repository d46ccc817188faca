// The convention's follow-up (issue 19): the comité de pilotage's pack on screen — late actions, status by
// objective, money planned and actual by year, indicators, the notes' timeline, the comités — with the bilan and
// the plan workbook to download, and (signed in) the forms that keep the actions current.
import { currentToken, gqlPartial } from "../api.js";
import { dataTable, emptyState, errorState, exportLink, h, loadingState, tag } from "../dom.js";
import {
  ACTION_STATUSES,
  EVALUATION_KINDS,
  MEETING_KINDS,
  PILOT_KINDS,
  formatDate,
  formatEuros,
  formatInteger,
  formatNumber,
  formatShare,
  label,
} from "../format.js";
import { barChart } from "./charts.js";
import { progressForms } from "./progress-form.js";

const FOLLOWUP_QUERY = `query DashboardFollowUp($reference: String!, $asOf: Date!) {
  convention(reference: $reference) {
    id reference
    objectives { databaseId position title }
    actions(first: 300, orderBy: { field: POSITION }) {
      totalCount
      edges { node {
        id version title status progress progressNote objectiveId startsOn endsOn
        late(asOf: $asOf) daysLate(asOf: $asOf)
        pilots { kind name role organisation association { name } }
        indicatorValues { indicator year baseline target value note definition { label unit } }
      } }
    }
    indicatorValues { indicator year baseline target value note definition { label unit } }
    meetings { id heldOn kind decisions attendances { organisation attendees } }
    evaluations { id year kind evaluatedOn summary }
  }
}`;

// The notes' text may be restricted (a hand-written resolver checks the reader) and the plan's completeness is
// computed by a resolver: asked apart, so that the query above stays compiled to one SQL statement
// (test/integration/__sql__/conventionFollowUp.sql).
const NOTES_QUERY = `query DashboardConventionNotes($reference: String!, $asOf: Date!, $after: String) {
  convention(reference: $reference) {
    planCompleteness(asOf: $asOf) { actions withPilot withDescription withBudget withIndicator withRecentNote lowestShare belowThreshold }
    actions(first: 150, after: $after, orderBy: { field: POSITION }) {
      pageInfo { hasNextPage endCursor }
      edges { node { id title notes { notedOn author restricted text } } }
    }
  }
}`;

/** The notes by pages of 150 actions (each may have up to 200 notes: the cost bound counts them all). */
async function readNotes(variables) {
  const actions = [];
  let after = null;
  let completeness = null;
  for (let page = 0; page < 20; page += 1) {
    const { data } = await gqlPartial(NOTES_QUERY, { ...variables, after });
    const connection = data.convention.actions;
    completeness ??= data.convention.planCompleteness;
    actions.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return { actions, completeness };
}

const MONEY_QUERY = `query DashboardConventionMoney($reference: String!, $department: String!, $asOf: Date!) {
  actionStats(filter: { convention: $reference, department: $department }, groupBy: [YEAR], asOf: $asOf) {
    year totals actions plannedEuros actualEuros
  }
}`;

const STATUS_ORDER = Object.keys(ACTION_STATUSES);

/** The follow-up section, filled when its answers arrive (the rest of the page does not wait for it). */
export function followUpSection(context, convention) {
  const body = h("div", { id: "followup-body" }, loadingState("Chargement du suivi…"));
  const section = h(
    "section",
    { "aria-labelledby": "suivi-titre", id: "followup" },
    h("h2", { id: "suivi-titre" }, "Suivi du plan d'actions"),
    packLinks(convention, context.date),
    body,
  );
  void load(context, convention, body);
  return section;
}

/** `reloaded`: the id of the action whose form asked for the reload (after a conflict), selected again. */
async function load(context, convention, body, reloaded = null) {
  const variables = { reference: convention.reference, asOf: context.date };
  try {
    const [followUp, notes, money] = await Promise.all([
      gqlPartial(FOLLOWUP_QUERY, variables),
      readNotes(variables),
      gqlPartial(MONEY_QUERY, { ...variables, department: convention.department.code }),
    ]);
    if (!context.isCurrent()) return;
    const c = followUp.data.convention;
    const actions = c.actions.edges.map((edge) => edge.node);
    const parts = [
      // The query's cost bound (src/graph/limits.ts) allows 300 actions with their pilots and indicators.
      c.actions.totalCount > actions.length
        ? h(
            "p",
            { class: "state" },
            `Suivi des ${formatInteger(actions.length)} premières actions sur ${formatInteger(c.actions.totalCount)}.`,
          )
        : null,
      completeness(notes.completeness),
      lateActions(actions),
      statusByObjective(c.objectives, actions),
      moneyByYear(money),
      indicators(c.indicatorValues, actions),
      notesTimeline(notes.actions),
      meetings(c.meetings, c.evaluations),
      progressForms(actions, (id) => load(context, convention, body, id), reloaded),
    ];
    body.replaceChildren(...parts.filter(Boolean));
  } catch (error) {
    if (context.isCurrent()) body.replaceChildren(errorState(error));
  }
}

/** The bilan of a chosen year (PDF, DOCX, XLSX) and the plan workbook; fetched with the token when there is one. */
function packLinks(convention, date) {
  const reference = encodeURIComponent(convention.reference);
  const thisYear = Number(date.slice(0, 4));
  const first = Number((convention.startsOn ?? date).slice(0, 4));
  const last = Math.min(Number((convention.endsOn ?? date).slice(0, 4)), thisYear);
  const years = [];
  for (let year = Math.max(last, first); year >= first && years.length < 12; year -= 1) years.push(year);
  if (years.length === 0) years.push(thisYear);
  const links = h("span", { class: "pack__links", id: "bilan-links" });
  const draw = (year) =>
    links.replaceChildren(
      ...["pdf", "docx", "xlsx"].map((format) =>
        exportLink(`Bilan ${year} (${format.toUpperCase()})`, `/reports/bilan/${reference}.${format}?year=${year}`),
      ),
    );
  draw(years[0]);
  const select = h(
    "select",
    { id: "bilan-year", name: "bilan-year", onchange: (event) => draw(Number(event.target.value)) },
    years.map((year) => h("option", { value: String(year) }, String(year))),
  );
  return h(
    "div",
    { class: "pack" },
    h("label", { for: "bilan-year" }, "Année du bilan"),
    select,
    links,
    exportLink("Plan d'actions (classeur)", `/reports/plan/${reference}.xlsx`),
    currentToken() ? null : h("p", { class: "pack__hint" }, "Sans jeton d'accès, le bilan ne contient que les informations publiques."),
  );
}

function completeness(p) {
  const share = (n) => (p.actions > 0 ? ` (${formatShare(n / p.actions)})` : "");
  return h(
    "div",
    { id: "plan-completeness" },
    h("h3", {}, "Complétude du plan"),
    h(
      "p",
      { class: p.belowThreshold ? "state state--warning" : null },
      `${formatInteger(p.actions)} actions : ${formatInteger(p.withPilot)} avec un pilote${share(p.withPilot)}, `,
      `${formatInteger(p.withBudget)} avec un budget${share(p.withBudget)}, ${formatInteger(p.withIndicator)} avec un indicateur${share(p.withIndicator)}, `,
      `${formatInteger(p.withRecentNote)} avec une note de moins d'un an${share(p.withRecentNote)}.`,
      p.belowThreshold ? " Une de ces parts est sous 80 %." : "",
    ),
  );
}

const pilotName = (p) => p.association?.name ?? ([p.name, p.role, p.organisation].filter(Boolean).join(", ") || label(PILOT_KINDS, p.kind));

function lateActions(actions) {
  const late = actions.filter((a) => a.late).sort((a, b) => b.daysLate - a.daysLate);
  const table = dataTable({
    caption: `Actions en retard (${formatInteger(late.length)})`,
    id: "late-actions",
    rows: late,
    sortable: true,
    initialSort: { key: "days", direction: -1 },
    rowAttributes: (a) => ({ "data-action": a.id }),
    columns: [
      { key: "title", label: "Action", sortValue: (a) => a.title },
      {
        key: "status",
        label: "État",
        sortValue: (a) => label(ACTION_STATUSES, a.status),
        render: (a) => tag(a.status, label(ACTION_STATUSES, a.status)),
      },
      { key: "endsOn", label: "Échéance", sortValue: (a) => a.endsOn, render: (a) => formatDate(a.endsOn) },
      { key: "days", label: "Jours de retard", numeric: true, sortValue: (a) => a.daysLate, render: (a) => formatInteger(a.daysLate) },
      { key: "pilots", label: "Pilotes", sortValue: (a) => a.pilots.map(pilotName).join(" ; ") || "—" },
    ],
  });
  return h(
    "div",
    {},
    h("h3", {}, "Actions en retard"),
    late.length === 0 ? emptyState("Aucune action en retard à cette date.") : table.element,
  );
}

function statusByObjective(objectives, actions) {
  // An action's objectiveId is the objective's record number (databaseId), not its global id.
  const groups = [...objectives.map((o) => ({ id: String(o.databaseId), title: o.title })), { id: null, title: "Sans objectif" }];
  const rows = groups
    .map((group) => {
      const own = actions.filter(
        (a) => (a.objectiveId === null || a.objectiveId === undefined ? null : String(a.objectiveId)) === group.id,
      );
      const counts = Object.fromEntries(STATUS_ORDER.map((s) => [s, own.filter((a) => a.status === s).length]));
      return { ...group, total: own.length, late: own.filter((a) => a.late).length, counts };
    })
    .filter((row) => row.id !== null || row.total > 0);
  const shown = STATUS_ORDER.filter((s) => rows.some((r) => r.counts[s] > 0));
  const table = dataTable({
    caption: "Actions par objectif et par état",
    id: "status-by-objective",
    rows,
    columns: [
      { key: "title", label: "Objectif", sortValue: (r) => r.title },
      ...shown.map((s) => ({
        key: s,
        label: ACTION_STATUSES[s],
        numeric: true,
        sortValue: (r) => r.counts[s],
        render: (r) => formatInteger(r.counts[s]),
      })),
      { key: "late", label: "En retard", numeric: true, sortValue: (r) => r.late, render: (r) => formatInteger(r.late) },
      { key: "total", label: "Total", numeric: true, sortValue: (r) => r.total, render: (r) => formatInteger(r.total) },
    ],
  });
  return h(
    "div",
    {},
    h("h3", {}, "État des actions par objectif"),
    rows.length === 0 ? emptyState("Aucune action enregistrée.") : table.element,
  );
}

/** Money is restricted: shown only when the hub answers it, otherwise said to be reserved. */
function moneyByYear({ data, errors }) {
  const head = h("h3", {}, "Budget prévu et réalisé par année");
  const refused = errors.some((e) => e.path?.includes("plannedEuros") || e.path?.includes("actualEuros"));
  const rows = (data?.actionStats ?? []).filter((r) => r.totals.length === 0 && r.year !== null);
  const whole = (data?.actionStats ?? []).find((r) => r.totals.length === 0 && r.year === null);
  if (refused || rows.every((r) => r.plannedEuros === null && r.actualEuros === null)) {
    if (refused)
      return h(
        "div",
        { id: "money" },
        head,
        h(
          "p",
          { class: "state", id: "money-reserved" },
          "Les montants sont réservés aux agents CAF et aux analystes du département : connectez-vous avec un jeton d'accès pour les voir.",
        ),
      );
    return h("div", { id: "money" }, head, emptyState("Aucun budget annuel enregistré."));
  }
  rows.sort((a, b) => a.year - b.year);
  return h(
    "div",
    { id: "money" },
    head,
    barChart({
      id: "money-chart",
      title: "Budget des actions par année, en euros",
      labels: rows.map((r) => r.year),
      series: [
        { name: "Prévu", values: rows.map((r) => r.plannedEuros) },
        { name: "Réalisé", values: rows.map((r) => r.actualEuros) },
      ],
      unit: "€",
      format: formatEuros,
    }),
    whole && (whole.plannedEuros || whole.actualEuros)
      ? h("p", {}, `Sur toute la durée (sans année) : prévu ${formatEuros(whole.plannedEuros)}, réalisé ${formatEuros(whole.actualEuros)}.`)
      : null,
  );
}

function indicators(conventionValues, actions) {
  const values = [
    ...conventionValues.map((v) => ({ ...v, scope: "CTG" })),
    ...actions.flatMap((a) => a.indicatorValues.map((v) => ({ ...v, scope: a.title }))),
  ].filter((v) => v.target !== null || v.value !== null || v.baseline !== null);
  const groups = new Map();
  for (const v of values) {
    const key = `${v.scope}\u0000${v.indicator}`;
    if (!groups.has(key)) groups.set(key, { scope: v.scope, definition: v.definition, indicator: v.indicator, values: [] });
    groups.get(key).values.push(v);
  }
  const charts = [...groups.values()].map((group, index) => {
    const sorted = group.values.sort((a, b) => a.year - b.year);
    const unit = group.definition?.unit ?? "";
    return barChart({
      id: `indicator-${index + 1}`,
      title: `${group.definition?.label ?? group.indicator}${unit ? ` (${unit})` : ""} — ${group.scope}`,
      labels: sorted.map((v) => v.year),
      series: [
        { name: "Situation de départ", values: sorted.map((v) => v.baseline) },
        { name: "Cible", values: sorted.map((v) => v.target) },
        { name: "Résultat", values: sorted.map((v) => v.value) },
      ],
      unit,
      format: formatNumber,
    });
  });
  return h(
    "div",
    { id: "indicators" },
    h("h3", {}, "Indicateurs : cible et résultat"),
    charts.length === 0 ? emptyState("Aucune cible ni aucun résultat d'indicateur enregistré.") : h("div", { class: "chart-grid" }, charts),
  );
}

function notesTimeline(actions) {
  const notes = actions
    .flatMap((a) => a.notes.map((n) => ({ ...n, action: a.title })))
    .sort((a, b) => (a.notedOn < b.notedOn ? 1 : a.notedOn > b.notedOn ? -1 : 0));
  return h(
    "div",
    {},
    h("h3", {}, "Journal de suivi"),
    notes.length === 0
      ? emptyState("Aucune note de suivi.")
      : h(
          "ol",
          { class: "timeline", id: "notes-timeline" },
          notes
            .slice(0, 50)
            .map((n) =>
              h(
                "li",
                {},
                h("time", { datetime: n.notedOn }, formatDate(n.notedOn)),
                h("strong", {}, ` ${n.action}`),
                ` — ${n.author}`,
                h("p", {}, n.text ?? "Note réservée (texte visible des agents CAF du département et de l'association opératrice)."),
              ),
            ),
        ),
  );
}

function meetings(list, evaluations) {
  return h(
    "div",
    { id: "meetings" },
    h("h3", {}, "Comités"),
    list.length === 0
      ? emptyState("Aucune réunion de comité enregistrée.")
      : h(
          "ul",
          {},
          list.map((m) =>
            h(
              "li",
              {},
              h("strong", {}, `${label(MEETING_KINDS, m.kind)} du ${formatDate(m.heldOn)}`),
              m.attendances.length
                ? ` — ${m.attendances.map((a) => (a.attendees ? `${a.organisation} (${a.attendees})` : a.organisation)).join(", ")}`
                : "",
              m.decisions ? h("p", {}, `Décisions : ${m.decisions}`) : null,
            ),
          ),
        ),
    evaluations.length === 0
      ? null
      : [
          h("h3", {}, "Bilans et évaluations"),
          h(
            "ul",
            {},
            evaluations.map((e) =>
              h(
                "li",
                {},
                `${label(EVALUATION_KINDS, e.kind)} ${e.year}${e.evaluatedOn ? ` (adopté le ${formatDate(e.evaluatedOn)})` : ""}${e.summary ? ` : ${e.summary}` : ""}`,
              ),
            ),
          ),
        ],
  );
}
