// France: the map of the covered share per département, the national figures, the départements'
// table (sortable, with the conventions expiring within 12 months) and the covered share over time.
import { gql } from "../api.js";
import { csvLink, dataTable, emptyState, errorState, figure, h, loadingState, sectionHead, whenDrawn } from "../dom.js";
import { addDays, addMonths, formatDate, formatDateInput, formatInteger, formatShare, parseDateInput, vintageNote } from "../format.js";
import { historyChart } from "./history.js";

const FRANCE_QUERY = `query DashboardFrance($asOf: Date!, $before: Date!) {
  nationalCoverage(asOf: $asOf) {
    departmentCode departmentName communeCount coveredCommuneCount population coveredPopulation
    coveredPopulationShare allocataires coveredAllocataires activeConventionCount geographyVintage department { zone }
  }
  expiringConventions(asOf: $asOf, before: $before) { reference departmentCode }
}`;

// The history is the slowest figure (one coverage computation per year): it is asked for separately,
// in parallel, so the map and the table do not wait for it.
const HISTORY_QUERY = `query DashboardFranceHistory($asOf: Date!, $from: Date!, $department: String, $withDepartment: Boolean!) {
  national: coverageHistory(from: $from, to: $asOf, step: YEAR) { date coveredPopulationShare }
  departmental: coverageHistory(department: $department, from: $from, to: $asOf, step: YEAR) @include(if: $withDepartment) {
    date coveredPopulationShare
  }
}`;

/** Years of history drawn before the chosen date. */
const HISTORY_YEARS = 8;
const DEPARTMENT_CODE = /^(\d{2}|2A|2B|97\d|98\d)$/;

export async function renderFrance(view, context) {
  const { date, params } = context;
  const chosen = DEPARTMENT_CODE.test((params.get("departement") ?? "").toUpperCase()) ? params.get("departement").toUpperCase() : null;
  const historyAnswer = gql(HISTORY_QUERY, {
    asOf: date,
    from: `${Number(date.slice(0, 4)) - HISTORY_YEARS}-12-31`,
    department: chosen,
    withDepartment: chosen !== null,
  });
  historyAnswer.catch(() => undefined); // handled below, once the view is drawn
  const data = await gql(FRANCE_QUERY, { asOf: date, before: addMonths(date, 12) });
  if (!context.isCurrent()) return;
  document.title = `Couverture des CTG en France au ${formatDate(date)} — ctg-hub`;

  const rows = data.nationalCoverage;
  const expiring = new Map();
  for (const convention of data.expiringConventions)
    expiring.set(convention.departmentCode, (expiring.get(convention.departmentCode) ?? 0) + 1);
  const total = rows.reduce(
    (sum, r) => ({
      communes: sum.communes + r.communeCount,
      covered: sum.covered + r.coveredCommuneCount,
      population: sum.population + r.population,
      coveredPopulation: sum.coveredPopulation + r.coveredPopulation,
      allocataires: r.allocataires === null ? sum.allocataires : (sum.allocataires ?? 0) + r.allocataires,
      coveredAllocataires:
        r.coveredAllocataires === null ? sum.coveredAllocataires : (sum.coveredAllocataires ?? 0) + r.coveredAllocataires,
      active: sum.active + r.activeConventionCount,
    }),
    { communes: 0, covered: 0, population: 0, coveredPopulation: 0, allocataires: null, coveredAllocataires: null, active: 0 },
  );
  const nationalShare = total.population > 0 ? total.coveredPopulation / total.population : 0;
  const chosenRow = rows.find((r) => r.departmentCode === chosen) ?? null;

  // The map draws metropolitan France and the five DROM; the COM (975, 977…) have no shape in it.
  const mapData = {};
  for (const row of rows)
    if (row.department.zone !== "COM") mapData[row.departmentCode] = Math.round(row.coveredPopulationShare * 1000) / 10;
  const map = document.createElement("map-chart");
  map.setAttribute("data", JSON.stringify(mapData));
  map.setAttribute("value", String(Math.round(nationalShare * 1000) / 10));
  map.setAttribute("name", "Population couverte par une CTG (%)");
  map.setAttribute("date", formatDate(date));
  map.setAttribute("selected-palette", "sequentialAscending");
  const mapBox = h("div", { class: "map-box", id: "france-map", "data-drawn": "false" }, map);
  // The component zooms on a click; the dashboard opens the département's page instead.
  mapBox.addEventListener(
    "click",
    (event) => {
      const area = event.target instanceof Element ? event.target.closest('path[class^="FR-"]') : null;
      if (!area) return;
      event.stopPropagation();
      const code = area.getAttribute("class").slice(3);
      context.navigate(context.href(`/departements/${code}`, { date: params.get("date") }));
    },
    true,
  );

  const select = h(
    "select",
    { id: "departement", name: "departement", onchange: (event) => context.setParams({ departement: event.target.value || null }) },
    h("option", { value: "" }, "— aucun —"),
    [...rows]
      .sort((a, b) => a.departmentCode.localeCompare(b.departmentCode, "fr", { numeric: true }))
      .map((r) =>
        h("option", { value: r.departmentCode, selected: r.departmentCode === chosen }, `${r.departmentCode} — ${r.departmentName}`),
      ),
  );

  const table = dataTable({
    caption: `Départements au ${formatDate(date)}`,
    id: "departements",
    sortable: true,
    initialSort: { key: "code", direction: 1 },
    rows,
    rowAttributes: (r) => ({ "data-code": r.departmentCode }),
    columns: [
      {
        key: "code",
        label: "Département",
        sortValue: (r) => r.departmentCode,
        csv: (r) => `${r.departmentCode} ${r.departmentName}`,
        render: (r) =>
          h(
            "a",
            { href: context.href(`/departements/${r.departmentCode}`, { date: params.get("date") }), "data-internal": true },
            `${r.departmentCode} — ${r.departmentName}`,
          ),
      },
      {
        key: "share",
        label: "Population couverte",
        numeric: true,
        sortValue: (r) => r.coveredPopulationShare,
        render: (r) => formatShare(r.coveredPopulationShare),
      },
      {
        key: "covered",
        label: "Communes couvertes",
        numeric: true,
        sortValue: (r) => r.coveredCommuneCount,
        render: (r) => `${formatInteger(r.coveredCommuneCount)} / ${formatInteger(r.communeCount)}`,
      },
      { key: "population", label: "Population", numeric: true, sortValue: (r) => r.population, render: (r) => formatInteger(r.population) },
      {
        key: "active",
        label: "CTG en vigueur",
        numeric: true,
        sortValue: (r) => r.activeConventionCount,
        render: (r) => formatInteger(r.activeConventionCount),
      },
      {
        key: "expiring",
        label: "Échéances sous 12 mois",
        numeric: true,
        sortValue: (r) => expiring.get(r.departmentCode) ?? 0,
        render: (r) => formatInteger(expiring.get(r.departmentCode) ?? 0),
      },
    ],
  });

  const historySection = h(
    "section",
    { "aria-labelledby": "historique-titre", id: "history" },
    h("h2", { id: "historique-titre" }, "Évolution de la population couverte (%, fin d'année)"),
    loadingState("Calcul de l'historique…"),
  );

  view.replaceChildren(
    h("h1", { tabindex: "-1" }, "Couverture des CTG en France"),
    h("p", { class: "subtitle" }, `Situation au ${formatDate(date)}`),
    h(
      "form",
      { class: "controls", onsubmit: (event) => event.preventDefault() },
      dateField(context),
      h("label", { for: "departement" }, "Département suivi", select),
      chosen
        ? h(
            "p",
            {},
            h(
              "a",
              { href: context.href(`/departements/${chosen}`, { date: params.get("date") }), "data-internal": true },
              `Ouvrir la fiche ${chosenRow?.departmentName ?? chosen}`,
            ),
          )
        : null,
    ),
    h(
      "div",
      { class: "layout-map" },
      h(
        "section",
        { "aria-labelledby": "carte-titre" },
        h("h2", { id: "carte-titre" }, "Part de la population couverte par une CTG en vigueur"),
        h(
          "p",
          { class: "map-help" },
          "Cliquez sur un département pour ouvrir sa fiche ; le tableau ci-dessous donne les mêmes chiffres et se parcourt au clavier.",
        ),
        rows.length ? mapBox : emptyState("Aucun département chargé."),
      ),
      h(
        "section",
        { "aria-labelledby": "chiffres-titre" },
        h("h2", { id: "chiffres-titre" }, "Chiffres nationaux"),
        rows.length > 0 ? h("p", { class: "note", id: "national-vintage" }, vintageNote(rows[0].geographyVintage)) : null,
        h(
          "ul",
          { class: "figures", id: "national-figures" },
          figure(
            "coveredPopulationShare",
            "Population couverte",
            formatShare(nationalShare),
            `${formatInteger(total.coveredPopulation)} habitants sur ${formatInteger(total.population)}`,
            nationalShare,
          ),
          figure(
            "coveredCommuneCount",
            "Communes couvertes",
            formatInteger(total.covered),
            `sur ${formatInteger(total.communes)} communes`,
            total.covered,
          ),
          figure(
            "coveredAllocataires",
            "Allocataires couverts",
            total.allocataires === null ? "non chargés" : formatInteger(total.coveredAllocataires ?? 0),
            total.allocataires === null
              ? "aucun indicateur « allocataires » chargé"
              : `sur ${formatInteger(total.allocataires)} (communes renseignées)`,
            total.coveredAllocataires,
          ),
          figure("activeConventionCount", "CTG en vigueur", formatInteger(total.active), null, total.active),
          figure(
            "expiringConventionCount",
            "CTG échéant sous 12 mois",
            formatInteger(data.expiringConventions.length),
            `jusqu'au ${formatDate(addMonths(date, 12))}`,
            data.expiringConventions.length,
          ),
        ),
      ),
    ),
    historySection,
    h(
      "section",
      { "aria-labelledby": "tableau-titre" },
      sectionHead("Départements", "tableau-titre", csvLink("Télécharger (CSV)", `departements-${date}.csv`, table.csv)),
      table.element,
    ),
  );
  performance.mark("ctg:table-filled");
  if (rows.length) {
    const drawn = await whenDrawn(map, (m) => m.querySelector('path[class^="FR-"][fill]') !== null);
    if (drawn && context.isCurrent()) {
      mapBox.dataset.drawn = "true";
      performance.mark("ctg:map-drawn");
    }
  }
  await fillHistory(historySection, context, historyAnswer, (history) => {
    const series = [{ name: "France", points: history.national }];
    if (chosenRow && history.departmental) series.push({ name: chosenRow.departmentName, points: history.departmental });
    return series;
  });
}

/** Replaces the history's loading state by the chart (or the error) when its answer arrives. */
export async function fillHistory(section, context, answer, toSeries) {
  let content;
  try {
    content = historyChart(toSeries(await answer)).element;
  } catch (error) {
    content = errorState(error);
  }
  if (!context.isCurrent()) return;
  section.replaceChildren(section.firstChild, content);
  performance.mark("ctg:history-drawn");
}

/** Bounds of the date field (the hub's figures need a date of this century). */
const DATE_MIN = "2000-01-01";
const DATE_MAX = "2099-12-31";

/**
 * The observation date: a text field showing `30/06/2025` in every browser, typed as jj/mm/aaaa (or ISO);
 * Enter or leaving the field applies it, ↑ and ↓ move it by a day (with Maj, by a month). The address keeps
 * the ISO date (`?date=2025-06-30`). A date that is not one is said so under the field, and nothing changes.
 */
export function dateField(context) {
  const error = h("p", { class: "date-field__error", id: "date-erreur", role: "alert", hidden: true });
  const input = h("input", {
    type: "text",
    id: "date",
    name: "date",
    value: formatDateInput(context.date),
    inputmode: "numeric",
    autocomplete: "off",
    placeholder: "jj/mm/aaaa",
    required: true,
    "aria-describedby": "date-aide date-erreur",
  });
  const show = (message) => {
    error.hidden = message === null;
    error.textContent = message ?? "";
    if (message === null) input.removeAttribute("aria-invalid");
    else input.setAttribute("aria-invalid", "true");
  };
  // Enter, then the field's removal or blur, may both report the same value: it is applied once.
  let applied = context.date;
  const apply = () => {
    const iso = parseDateInput(input.value);
    if (iso === null) return show(`Date invalide « ${input.value} » : saisissez-la sous la forme jj/mm/aaaa (ex. 30/06/2025).`);
    if (iso < DATE_MIN || iso > DATE_MAX)
      return show(`Date hors période : entre ${formatDateInput(DATE_MIN)} et ${formatDateInput(DATE_MAX)}.`);
    show(null);
    input.value = formatDateInput(iso);
    if (iso === applied) return;
    applied = iso;
    context.setParams({ date: iso });
  };
  input.addEventListener("change", apply);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      apply();
    } else if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      const current = parseDateInput(input.value) ?? context.date;
      const step = event.key === "ArrowUp" ? 1 : -1;
      const next = event.shiftKey ? addMonths(current, step) : addDays(current, step);
      if (next < DATE_MIN || next > DATE_MAX) return;
      event.preventDefault();
      input.value = formatDateInput(next);
      show(null);
    }
  });
  return h(
    "label",
    { for: "date" },
    "Situation au",
    h("span", { class: "date-field__hint", id: "date-aide" }, "jj/mm/aaaa puis Entrée ; ↑ ↓ : ± 1 jour"),
    input,
    error,
  );
}
