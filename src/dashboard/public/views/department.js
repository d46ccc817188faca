// One département: coverage figures, comparison of its territories, theme matrix, SDSF axes, and the
// conventions that expire within 12 months or lapsed without a successor. Each table has its export.
import { gql } from "../api.js";
import { csvLink, dataTable, emptyState, exportLink, figure, h, sectionHead, tag } from "../dom.js";
import {
  addMonths,
  COVERAGE_STATUSES,
  CONVENTION_STATUSES,
  ACTION_STATUSES,
  FACILITY_KINDS,
  THEMES,
  formatDate,
  formatInteger,
  formatShare,
  label,
  vintageNote,
} from "../format.js";
import { dateField, fillHistory } from "./france.js";
import { departmentActionsSection } from "./department-actions.js";

// The history (one coverage computation per year) is asked for in parallel so the tables do not wait.
const HISTORY_QUERY = `query DashboardDepartmentHistory($code: String!, $asOf: Date!, $from: Date!) {
  coverageHistory(department: $code, from: $from, to: $asOf, step: YEAR) { date coveredPopulationShare }
}`;

const DEPARTMENT_QUERY = `query DashboardDepartment($code: String!, $asOf: Date!, $before: Date!, $level: TerritoryLevel!, $weight: String) {
  department(code: $code) { code name region { name } sdsfSchemes { id title startsOn endsOn } }
  departmentCoverage(code: $code, asOf: $asOf, weight: $weight) {
    communeCount coveredCommuneCount population coveredPopulation coveredPopulationShare
    weighted { code label total covered coveredShare communesWithValue } activeConventionCount geographyVintage
  }
  coverageWeights { code label }
  compareTerritories(department: $code, level: $level, asOf: $asOf) {
    code name population communeCount coveredCommuneCount coveredPopulationShare coverageStatus nextExpiry
    spansSeveralDepartments actionCount partnerCount
    actionsByTheme { theme count } actionsByStatus { status count } facilitiesByKind { kind count capacity }
    conventions { reference }
  }
  themeMatrix(department: $code, asOf: $asOf) { themes totals rows { code name counts total } }
  expiringConventions(department: $code, asOf: $asOf, before: $before) { ...ConventionRow }
  lapsedConventions(department: $code, asOf: $asOf) { ...ConventionRow }
}
fragment ConventionRow on Convention {
  reference title endsOn endsOnPrecision status(asOf: $asOf)
  holder { ... on Commune { name } ... on Intercommunality { name } }
}`;

const DEPARTMENT_CODE = /^(\d{2}|2A|2B|97\d|98\d)$/;
const LEVELS = { epci: "INTERCOMMUNALITY", communes: "COMMUNE" };

/** The covered part of the weight (allocataires by default), with what it rests on. */
function weightedFigure(weighted) {
  // The figure keeps its name for allocataires (the page's tests and readers know it), and takes the weight's otherwise.
  const name = weighted.code === "allocataires" ? "coveredAllocataires" : "coveredWeight";
  const title = weighted.code === "allocataires" ? "Allocataires couverts" : `${weighted.label} : part couverte`;
  if (weighted.total === null) return figure(name, title, "non chargés", `aucune valeur « ${weighted.label} » pour ce département`, null);
  return figure(
    name,
    title,
    formatInteger(weighted.covered),
    `${formatShare(weighted.coveredShare)} de ${formatInteger(weighted.total)} (${formatInteger(weighted.communesWithValue)} communes renseignées)`,
    weighted.covered,
  );
}

export async function renderDepartment(view, context, code) {
  const { date, params } = context;
  if (!DEPARTMENT_CODE.test(code)) {
    view.replaceChildren(
      h("h1", { tabindex: "-1" }, "Département introuvable"),
      emptyState(`« ${code} » n'est pas un code de département (ex. 52, 2A, 974).`),
    );
    return;
  }
  const levelKey = params.get("niveau") === "communes" ? "communes" : "epci";
  const level = LEVELS[levelKey];
  // The count the coverage is weighed by (allocataires unless the address says otherwise).
  const weight = params.get("ponderation") || null;
  const historyAnswer = gql(HISTORY_QUERY, { code, asOf: date, from: `${Number(date.slice(0, 4)) - 8}-12-31` });
  historyAnswer.catch(() => undefined); // handled once the view is drawn
  let data;
  try {
    data = await gql(DEPARTMENT_QUERY, { code, asOf: date, before: addMonths(date, 12), level, weight });
  } catch (error) {
    if (error.code !== "BAD_USER_INPUT") throw error;
    if (!context.isCurrent()) return;
    view.replaceChildren(h("h1", { tabindex: "-1" }, "Département introuvable"), emptyState(error.message));
    return;
  }
  if (!context.isCurrent()) return;
  const department = data.department;
  if (!department) {
    view.replaceChildren(h("h1", { tabindex: "-1" }, "Département introuvable"), emptyState(`Aucun département « ${code} ».`));
    return;
  }
  document.title = `${department.name} (${department.code}) au ${formatDate(date)} — ctg-hub`;
  const keep = { date: params.get("date") };
  const coverage = data.departmentCoverage;
  const exportQuery = (extra = {}) => new URLSearchParams({ department: department.code, ...extra, asOf: date }).toString();

  // Figures
  const figures = h(
    "ul",
    { class: "figures", id: "department-figures" },
    figure(
      "coveredPopulationShare",
      "Population couverte",
      formatShare(coverage.coveredPopulationShare),
      `${formatInteger(coverage.coveredPopulation)} habitants sur ${formatInteger(coverage.population)}`,
      coverage.coveredPopulationShare,
    ),
    figure(
      "coveredCommuneCount",
      "Communes couvertes",
      formatInteger(coverage.coveredCommuneCount),
      `sur ${formatInteger(coverage.communeCount)} communes`,
      coverage.coveredCommuneCount,
    ),
    weightedFigure(coverage.weighted),
    figure("activeConventionCount", "CTG en vigueur", formatInteger(coverage.activeConventionCount), null, coverage.activeConventionCount),
  );

  // Comparison of the territories
  const list = (items, dictionary) =>
    items.length === 0
      ? "—"
      : h(
          "ul",
          { class: "plain" },
          items.map((i) => h("li", {}, `${label(dictionary, i.theme ?? i.status ?? i.kind)} : ${formatInteger(i.count)}`)),
        );
  const listCsv = (items, dictionary) => items.map((i) => `${label(dictionary, i.theme ?? i.status ?? i.kind)} ${i.count}`).join(", ");
  const compare = dataTable({
    caption: `Territoires (${levelKey === "epci" ? "intercommunalités" : "communes"}) au ${formatDate(date)}`,
    id: "comparison",
    sortable: true,
    initialSort: { key: "name", direction: 1 },
    rows: data.compareTerritories,
    columns: [
      {
        key: "name",
        label: "Territoire",
        sortValue: (t) => t.name,
        render: (t) => [t.name, t.spansSeveralDepartments ? h("small", {}, " (sur plusieurs départements)") : null],
      },
      {
        key: "status",
        label: "Statut",
        sortValue: (t) => label(COVERAGE_STATUSES, t.coverageStatus),
        render: (t) => tag(t.coverageStatus, label(COVERAGE_STATUSES, t.coverageStatus)),
      },
      {
        key: "share",
        label: "Population couverte",
        numeric: true,
        sortValue: (t) => t.coveredPopulationShare,
        render: (t) => formatShare(t.coveredPopulationShare),
      },
      {
        key: "covered",
        label: "Communes couvertes",
        numeric: true,
        sortValue: (t) => t.coveredCommuneCount,
        render: (t) => `${formatInteger(t.coveredCommuneCount)} / ${formatInteger(t.communeCount)}`,
      },
      { key: "population", label: "Population", numeric: true, sortValue: (t) => t.population, render: (t) => formatInteger(t.population) },
      { key: "nextExpiry", label: "Prochaine échéance", sortValue: (t) => t.nextExpiry, render: (t) => formatDate(t.nextExpiry) },
      {
        key: "themes",
        label: "Actions par thème",
        csv: (t) => listCsv(t.actionsByTheme, THEMES),
        render: (t) => list(t.actionsByTheme, THEMES),
      },
      {
        key: "statuses",
        label: "Actions par statut",
        csv: (t) => listCsv(t.actionsByStatus, ACTION_STATUSES),
        render: (t) => list(t.actionsByStatus, ACTION_STATUSES),
      },
      {
        key: "partners",
        label: "Partenaires",
        numeric: true,
        sortValue: (t) => t.partnerCount,
        render: (t) => formatInteger(t.partnerCount),
      },
      {
        key: "facilities",
        label: "Équipements",
        csv: (t) => listCsv(t.facilitiesByKind, FACILITY_KINDS),
        render: (t) => list(t.facilitiesByKind, FACILITY_KINDS),
      },
      {
        key: "conventions",
        label: "CTG",
        csv: (t) => t.conventions.map((c) => c.reference).join(", "),
        render: (t) =>
          t.conventions.length === 0
            ? "—"
            : t.conventions.map((c) => [
                h("a", { href: context.href(`/conventions/${encodeURIComponent(c.reference)}`, keep), "data-internal": true }, c.reference),
                " ",
              ]),
      },
    ],
  });

  // Theme matrix as a heat table: the cell's shade grows with its count.
  const matrix = data.themeMatrix;
  const maxCount = Math.max(1, ...matrix.rows.flatMap((r) => r.counts));
  const heatCell = (count) => {
    const alpha = count === 0 ? 0 : 0.12 + 0.78 * (count / maxCount);
    return h(
      "td",
      { class: "num", style: `background: rgba(0, 0, 145, ${alpha.toFixed(2)}); color: ${alpha > 0.5 ? "#fff" : "#161616"}` },
      formatInteger(count),
    );
  };
  const matrixRows = matrix.rows.filter((r) => r.total > 0);
  const matrixTable =
    matrixRows.length === 0
      ? emptyState("Aucune action d'une CTG en vigueur à cette date.")
      : h(
          "div",
          { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Matrice des thèmes" },
          h(
            "table",
            { class: "heat", id: "theme-matrix" },
            h("caption", {}, `Actions des CTG en vigueur par territoire et par thème au ${formatDate(date)}`),
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                h("th", { scope: "col" }, "Territoire"),
                matrix.themes.map((t) => h("th", { scope: "col", class: "num" }, label(THEMES, t))),
                h("th", { scope: "col", class: "num" }, "Total"),
              ),
            ),
            h(
              "tbody",
              {},
              matrixRows.map((r) =>
                h("tr", {}, h("th", { scope: "row" }, r.name), r.counts.map(heatCell), h("td", { class: "num" }, formatInteger(r.total))),
              ),
            ),
            h(
              "tfoot",
              {},
              h(
                "tr",
                {},
                h("th", { scope: "row" }, "Total"),
                matrix.totals.map((t) => h("td", { class: "num" }, formatInteger(t))),
                h("td", { class: "num" }, formatInteger(matrix.totals.reduce((a, b) => a + b, 0))),
              ),
            ),
          ),
        );

  const conventionTable = (rows, id, caption) =>
    dataTable({
      caption,
      id,
      rows,
      sortable: true,
      initialSort: { key: "endsOn", direction: 1 },
      columns: [
        {
          key: "reference",
          label: "Référence",
          sortValue: (c) => c.reference,
          render: (c) =>
            h("a", { href: context.href(`/conventions/${encodeURIComponent(c.reference)}`, keep), "data-internal": true }, c.reference),
        },
        { key: "title", label: "Intitulé", sortValue: (c) => c.title },
        { key: "holder", label: "Porteur", sortValue: (c) => c.holder?.name ?? null, render: (c) => c.holder?.name ?? "—" },
        { key: "endsOn", label: "Fin", sortValue: (c) => c.endsOn, render: (c) => formatDate(c.endsOn, c.endsOnPrecision ?? "DAY") },
        {
          key: "status",
          label: "Statut",
          sortValue: (c) => c.status,
          render: (c) => tag(c.status, label(CONVENTION_STATUSES, c.status)),
          csv: (c) => label(CONVENTION_STATUSES, c.status),
        },
      ],
    });
  const expiring = conventionTable(
    data.expiringConventions,
    "expiring",
    `CTG échéant entre le ${formatDate(date)} et le ${formatDate(addMonths(date, 12))}`,
  );
  const lapsed = conventionTable(data.lapsedConventions, "lapsed", `CTG échues sans CTG suivante au ${formatDate(date)}`);

  const weightSelect = h(
    "select",
    {
      id: "ponderation",
      name: "ponderation",
      onchange: (event) => context.setParams({ ponderation: event.target.value === "allocataires" ? null : event.target.value }),
    },
    data.coverageWeights.map((w) => h("option", { value: w.code, selected: w.code === coverage.weighted.code }, w.label)),
  );
  const levelSelect = h(
    "select",
    {
      id: "niveau",
      name: "niveau",
      onchange: (event) => context.setParams({ niveau: event.target.value === "communes" ? "communes" : null }),
    },
    h("option", { value: "epci", selected: levelKey === "epci" }, "Intercommunalités"),
    h("option", { value: "communes", selected: levelKey === "communes" }, "Communes"),
  );

  const historyBox = h(
    "div",
    { id: "history" },
    h("h3", {}, "Évolution de la population couverte (%, fin d'année)"),
    loadingStateFor("Calcul de l'historique…"),
  );
  const sdsfSection = h(
    "section",
    { "aria-labelledby": "sdsf-titre", id: "sdsf" },
    h("h2", { id: "sdsf-titre" }, "Axes du schéma départemental des services aux familles (SDSF)"),
    department.sdsfSchemes.length === 0
      ? emptyState("Aucun SDSF enregistré pour ce département.")
      : loadingStateFor("Chargement des axes du SDSF…"),
  );

  view.replaceChildren(
    h(
      "nav",
      { class: "breadcrumb", "aria-label": "Fil d'Ariane" },
      h(
        "ol",
        {},
        h("li", {}, h("a", { href: context.href("/", { ...keep, departement: department.code }), "data-internal": true }, "France")),
        h("li", { "aria-current": "page" }, department.name),
      ),
    ),
    h("h1", { tabindex: "-1" }, `${department.name} (${department.code})`),
    h("p", { class: "subtitle" }, `${department.region.name} · situation au ${formatDate(date)}`),
    h(
      "form",
      { class: "controls", onsubmit: (event) => event.preventDefault() },
      dateField(context),
      h("label", { for: "niveau" }, "Comparer par", levelSelect),
      h("label", { for: "ponderation" }, "Pondérer par", weightSelect),
    ),
    h(
      "section",
      { "aria-labelledby": "couverture-titre" },
      sectionHead(
        "Couverture",
        "couverture-titre",
        exportLink("Export CSV", `/export/coverage.csv?${exportQuery()}`),
        exportLink("Excel", `/export/coverage.xlsx?${exportQuery()}`),
      ),
      h("p", { class: "note", id: "department-vintage" }, vintageNote(coverage.geographyVintage)),
      figures,
      historyBox,
    ),
    h(
      "section",
      { "aria-labelledby": "comparaison-titre" },
      sectionHead(
        "Comparaison des territoires",
        "comparaison-titre",
        exportLink("Export CSV", `/export/compare.csv?${exportQuery({ level })}`),
        exportLink("Excel", `/export/compare.xlsx?${exportQuery({ level })}`),
      ),
      data.compareTerritories.length === 0 ? emptyState("Aucun territoire.") : compare.element,
    ),
    h(
      "section",
      { "aria-labelledby": "matrice-titre" },
      sectionHead(
        "Thèmes des actions",
        "matrice-titre",
        exportLink("Export CSV", `/export/theme-matrix.csv?${exportQuery()}`),
        exportLink("Excel", `/export/theme-matrix.xlsx?${exportQuery()}`),
      ),
      matrixTable,
    ),
    departmentActionsSection(context, department),
    sdsfSection,
    h(
      "section",
      { "aria-labelledby": "echeances-titre" },
      sectionHead(
        "CTG échéant sous 12 mois",
        "echeances-titre",
        csvLink("Télécharger (CSV)", `echeances-${department.code}-${date}.csv`, expiring.csv),
      ),
      data.expiringConventions.length === 0 ? emptyState("Aucune CTG n'arrive à échéance dans les 12 mois.") : expiring.element,
    ),
    h(
      "section",
      { "aria-labelledby": "echues-titre" },
      sectionHead(
        "CTG échues sans suite",
        "echues-titre",
        csvLink("Télécharger (CSV)", `echues-${department.code}-${date}.csv`, lapsed.csv),
      ),
      data.lapsedConventions.length === 0 ? emptyState("Aucune CTG échue sans CTG suivante.") : lapsed.element,
    ),
  );
  performance.mark("ctg:table-filled");
  await Promise.all([
    department.sdsfSchemes.length > 0 ? renderSdsf(sdsfSection, context, department) : null,
    fillHistory(historyBox, context, historyAnswer, (history) => [{ name: department.name, points: history.coverageHistory }]),
  ]);
}

function loadingStateFor(message) {
  return h("p", { class: "state state--loading", role: "status" }, message);
}

/** The SDSF scheme ids are known only from the first answer: one more request, for all schemes at once. */
async function renderSdsf(section, context, department) {
  const schemes = department.sdsfSchemes;
  const fields = schemes
    .map(
      (_, i) => `s${i}: sdsfAlignment(schemeId: $s${i}, asOf: $asOf) {
    axis { number title } conventionCount actionCount touchingTerritoryCodes untouchedTerritoryCodes }`,
    )
    .join("\n");
  const declarations = schemes.map((_, i) => `$s${i}: ID!`).join(", ");
  const variables = { asOf: context.date };
  schemes.forEach((s, i) => {
    variables[`s${i}`] = s.id;
  });
  let data;
  try {
    data = await gql(`query DashboardSdsf($asOf: Date!, ${declarations}) { ${fields} }`, variables);
  } catch (error) {
    if (context.isCurrent())
      section.replaceChildren(section.firstChild, h("p", { class: "state state--error", role: "alert" }, error.message));
    return;
  }
  if (!context.isCurrent()) return;
  const blocks = schemes.map((scheme, i) => {
    const rows = data[`s${i}`];
    const table = dataTable({
      caption: `${scheme.title} (${formatDate(scheme.startsOn, "YEAR")}–${formatDate(scheme.endsOn, "YEAR")})`,
      rows,
      sortable: true,
      initialSort: { key: "number", direction: 1 },
      columns: [
        { key: "number", label: "Axe", numeric: true, sortValue: (r) => r.axis.number },
        { key: "title", label: "Intitulé", sortValue: (r) => r.axis.title, render: (r) => r.axis.title },
        {
          key: "conventions",
          label: "CTG qui le déclinent",
          numeric: true,
          sortValue: (r) => r.conventionCount,
          render: (r) => formatInteger(r.conventionCount),
        },
        { key: "actions", label: "Actions", numeric: true, sortValue: (r) => r.actionCount, render: (r) => formatInteger(r.actionCount) },
        {
          key: "touching",
          label: "Territoires concernés",
          numeric: true,
          sortValue: (r) => r.touchingTerritoryCodes.length,
          render: (r) => formatInteger(r.touchingTerritoryCodes.length),
        },
        {
          key: "untouched",
          label: "Territoires non concernés",
          numeric: true,
          sortValue: (r) => r.untouchedTerritoryCodes.length,
          render: (r) => formatInteger(r.untouchedTerritoryCodes.length),
        },
      ],
    });
    return [
      h("p", { class: "exports" }, csvLink("Télécharger (CSV)", `sdsf-${department.code}-${i + 1}-${context.date}.csv`, table.csv)),
      rows.length === 0 ? emptyState("Ce SDSF n'a pas d'axe enregistré.") : table.element,
    ];
  });
  section.replaceChildren(section.firstChild, ...blocks.flat());
}
