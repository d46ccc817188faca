// One convention: period, status, holder, signatories, covered communes, themes, diagnostic,
// objectives with their actions, the follow-up (views/followup.js), partners, predecessor and successor.
import { gql } from "../api.js";
import { csvLink, dataTable, emptyState, h, tag } from "../dom.js";
import {
  ACTION_STATUSES,
  CONVENTION_STATUSES,
  PARTNERSHIP_ROLES,
  SIGNATORY_KINDS,
  SIGNATORY_ROLES,
  THEMES,
  formatDate,
  formatInteger,
  label,
} from "../format.js";
import { followUpSection } from "./followup.js";

const CONVENTION_QUERY = `query DashboardConvention($reference: String!, $asOf: Date!) {
  convention(reference: $reference) {
    reference title description status(asOf: $asOf) stage bonusTerritoire isRenewal themes
    startsOn startsOnPrecision endsOn endsOnPrecision signedOn terminatedOn
    department { code name }
    holder { __typename ... on Commune { code name } ... on Intercommunality { siren name } }
    signatories { role kind name signedOn }
    coveredCommunes(first: 500, orderBy: { field: NAME }) { totalCount edges { node { code name population } } }
    signedFormerCodes { code name commune { code name } }
    diagnostic { conductedBy conductedOn conductedOnPrecision fundedByCaf summary }
    objectives { id position title description actions { id title theme status progress } }
    actions(first: 500, orderBy: { field: POSITION }) { edges { node { id title theme status progress objectiveId } } }
    partners { role association { name } action { title } }
    predecessor { ...Neighbour }
    successor { ...Neighbour }
  }
}
fragment Neighbour on Convention { reference title startsOn startsOnPrecision endsOn endsOnPrecision }`;

export async function renderConvention(view, context, reference) {
  const { date, params } = context;
  const data = await gql(CONVENTION_QUERY, { reference, asOf: date });
  if (!context.isCurrent()) return;
  const c = data.convention;
  if (!c) {
    view.replaceChildren(
      h("h1", { tabindex: "-1" }, "Convention introuvable"),
      emptyState(`Aucune convention de référence « ${reference} ».`),
    );
    return;
  }
  document.title = `${c.reference} — ctg-hub`;
  const keep = { date: params.get("date") };
  const period = (x) => `${formatDate(x.startsOn, x.startsOnPrecision ?? "DAY")} – ${formatDate(x.endsOn, x.endsOnPrecision ?? "DAY")}`;
  const conventionLink = (x) =>
    h(
      "a",
      { href: context.href(`/conventions/${encodeURIComponent(x.reference)}`, keep), "data-internal": true },
      `${x.reference} (${period(x)})`,
    );
  const holder =
    c.holder.__typename === "Intercommunality"
      ? `${c.holder.name} (intercommunalité, SIREN ${c.holder.siren})`
      : `${c.holder.name} (commune ${c.holder.code})`;

  const action = (a) =>
    h(
      "li",
      { "data-action": a.id },
      a.title,
      " ",
      tag(a.status, label(ACTION_STATUSES, a.status)),
      h(
        "small",
        {},
        ` ${label(THEMES, a.theme)}${a.progress !== null && a.progress !== undefined ? ` · ${formatInteger(a.progress)} %` : ""}`,
      ),
    );
  const looseActions = c.actions.edges.map((e) => e.node).filter((a) => !a.objectiveId);

  const communes = c.coveredCommunes.edges.map((e) => e.node);
  const communeTable = dataTable({
    caption: `Communes couvertes (${formatInteger(c.coveredCommunes.totalCount)})`,
    id: "covered-communes",
    rows: communes,
    sortable: true,
    initialSort: { key: "name", direction: 1 },
    columns: [
      { key: "name", label: "Commune", sortValue: (x) => x.name },
      { key: "code", label: "Code INSEE", sortValue: (x) => x.code },
      { key: "population", label: "Population", numeric: true, sortValue: (x) => x.population, render: (x) => formatInteger(x.population) },
    ],
  });

  view.replaceChildren(
    h(
      "nav",
      { class: "breadcrumb", "aria-label": "Fil d'Ariane" },
      h(
        "ol",
        {},
        h("li", {}, h("a", { href: context.href("/", { ...keep, departement: c.department.code }), "data-internal": true }, "France")),
        h("li", {}, h("a", { href: context.href(`/departements/${c.department.code}`, keep), "data-internal": true }, c.department.name)),
        h("li", { "aria-current": "page" }, c.reference),
      ),
    ),
    h("h1", { tabindex: "-1" }, c.title),
    h("p", { class: "subtitle" }, c.reference, " · ", tag(c.status, label(CONVENTION_STATUSES, c.status)), ` au ${formatDate(date)}`),
    h(
      "dl",
      { class: "facts", id: "convention-facts" },
      h("dt", {}, "Période"),
      h("dd", {}, period(c)),
      h("dt", {}, "Signée le"),
      h("dd", {}, c.signedOn ? formatDate(c.signedOn) : "non signée"),
      c.terminatedOn ? [h("dt", {}, "Résiliée le"), h("dd", {}, formatDate(c.terminatedOn))] : null,
      h("dt", {}, "Porteur"),
      h("dd", {}, holder),
      h("dt", {}, "Thèmes"),
      h("dd", {}, c.themes.length ? c.themes.map((t) => tag("NONE", label(THEMES, t))) : "—"),
      h("dt", {}, "Bonus territoire"),
      h("dd", {}, c.bonusTerritoire ? "oui" : "non"),
      h("dt", {}, "CTG précédente"),
      h("dd", {}, c.predecessor ? conventionLink(c.predecessor) : c.isRenewal ? "renouvellement (CTG précédente non enregistrée)" : "—"),
      h("dt", {}, "CTG suivante"),
      h("dd", {}, c.successor ? conventionLink(c.successor) : "—"),
    ),
    c.description ? h("p", {}, c.description) : null,
    h(
      "section",
      { "aria-labelledby": "signataires-titre" },
      h("h2", { id: "signataires-titre" }, "Signataires"),
      c.signatories.length === 0
        ? emptyState("Aucun signataire enregistré.")
        : h(
            "ul",
            { id: "signatories" },
            c.signatories.map((s) =>
              h(
                "li",
                {},
                `${s.name} — ${label(SIGNATORY_ROLES, s.role)} (${label(SIGNATORY_KINDS, s.kind)})${s.signedOn ? `, signé le ${formatDate(s.signedOn)}` : ""}`,
              ),
            ),
          ),
    ),
    h(
      "section",
      { "aria-labelledby": "diagnostic-titre" },
      h("h2", { id: "diagnostic-titre" }, "Diagnostic"),
      c.diagnostic.summary || c.diagnostic.conductedBy
        ? h(
            "dl",
            { class: "facts" },
            h("dt", {}, "Réalisé par"),
            h("dd", {}, c.diagnostic.conductedBy ?? "—"),
            h("dt", {}, "Date"),
            h("dd", {}, formatDate(c.diagnostic.conductedOn, c.diagnostic.conductedOnPrecision ?? "DAY")),
            h("dt", {}, "Financé par la CAF"),
            h("dd", {}, c.diagnostic.fundedByCaf === null ? "—" : c.diagnostic.fundedByCaf ? "oui" : "non"),
            h("dt", {}, "Synthèse"),
            h("dd", {}, c.diagnostic.summary ?? "—"),
          )
        : emptyState("Diagnostic non renseigné."),
    ),
    h(
      "section",
      { "aria-labelledby": "objectifs-titre" },
      h("h2", { id: "objectifs-titre" }, `Objectifs (${formatInteger(c.objectives.length)})`),
      c.objectives.length === 0
        ? emptyState("Aucun objectif enregistré.")
        : h(
            "ol",
            { class: "objectives", id: "objectives" },
            c.objectives.map((o) =>
              h(
                "li",
                { "data-objective": o.id },
                h("strong", {}, o.title),
                o.description ? h("p", {}, o.description) : null,
                o.actions.length ? h("ul", {}, o.actions.map(action)) : h("p", {}, "Aucune action rattachée."),
              ),
            ),
          ),
      looseActions.length ? [h("h3", {}, "Actions sans objectif"), h("ul", {}, looseActions.map(action))] : null,
    ),
    followUpSection(context, c),
    h(
      "section",
      { "aria-labelledby": "partenaires-titre" },
      h("h2", { id: "partenaires-titre" }, "Partenaires"),
      c.partners.length === 0
        ? emptyState("Aucun partenaire enregistré.")
        : h(
            "ul",
            {},
            c.partners.map((p) =>
              h(
                "li",
                {},
                `${p.association.name} — ${label(PARTNERSHIP_ROLES, p.role)}${p.action ? ` (action « ${p.action.title} »)` : ""}`,
              ),
            ),
          ),
    ),
    h(
      "section",
      { "aria-labelledby": "communes-titre" },
      h(
        "div",
        { class: "section-head" },
        h("h2", { id: "communes-titre" }, "Communes couvertes"),
        h("p", { class: "exports" }, csvLink("Télécharger (CSV)", `communes-${c.reference}.csv`, communeTable.csv)),
      ),
      c.signedFormerCodes.length === 0
        ? null
        : h(
            "ul",
            { class: "note", id: "signed-former-codes", "aria-label": "Communes signées fusionnées depuis" },
            ...c.signedFormerCodes.map((f) =>
              h("li", {}, `${f.name ?? "Commune"} (${f.code}), signée sous ce nom, aujourd'hui ${f.commune.name} (${f.commune.code})`),
            ),
          ),
      communes.length === 0
        ? emptyState("Aucune commune couverte.")
        : h(
            "details",
            { open: communes.length <= 20 },
            h(
              "summary",
              {},
              `${formatInteger(c.coveredCommunes.totalCount)} communes${c.coveredCommunes.totalCount > communes.length ? ` (les ${formatInteger(communes.length)} premières)` : ""}`,
            ),
            communeTable.element,
          ),
    ),
  );
}
