import { ACTION_PRIORITY_LABELS, ACTION_STATUS_LABELS, SIGNATORY_ROLE_LABELS } from "../convention/convention-enums";
import { FUNDER_KIND_LABELS, MEETING_KIND_LABELS } from "../convention/followup-enums";
import { CONVENTION_STATUS_LABELS } from "../coverage/statuses";
import type { Bilan, ConventionBilan, ProgressGroup } from "./bilan.types";
import { type Block, type ReportDocument, date, decimal, euros, formatCell, integer, share, text } from "./document";

/** The bilan laid out once for every format: a synthesis section, then one section per convention. */
export function bilanDocument(bilan: Bilan): ReportDocument {
  const title = `Bilan ${bilan.year} — ${bilan.subject}`;
  return {
    title,
    sections: [
      { name: "Synthèse", blocks: synthesis(bilan, title) },
      ...bilan.conventions.map((convention) => ({ name: convention.reference, blocks: conventionBlocks(convention, bilan) })),
    ],
  };
}

function synthesis(bilan: Bilan, title: string): Block[] {
  const history = bilan.coverageHistory;
  return [
    {
      kind: "title",
      text: title,
      subtitle: `Comité de pilotage — situation au ${formatCell(date(bilan.asOf))}, document produit le ${formatCell(date(bilan.generatedOn))}`,
    },
    {
      kind: "facts",
      rows: [
        ["Année", integer(bilan.year)],
        ["Situation au", date(bilan.asOf)],
        ["Conventions", integer(bilan.conventions.length)],
        ["Actions", integer(bilan.conventions.reduce((sum, c) => sum + c.actions.length, 0))],
        ["Dont en retard", integer(bilan.conventions.reduce((sum, c) => sum + c.actions.filter((a) => a.late).length, 0))],
      ],
    },
    { kind: "heading", level: 1, text: `Couverture du département ${bilan.departmentCode} par les CTG en vigueur` },
    {
      kind: "table",
      columns: [
        { header: "Date", kind: "date" },
        { header: "Population", kind: "integer" },
        { header: "Population couverte", kind: "integer" },
        { header: "Taux de couverture", kind: "share" },
      ],
      rows: history.map((p) => [date(p.date), integer(p.population), integer(p.coveredPopulation), share(p.coveredPopulationShare)]),
    },
    {
      kind: "chart",
      title: "Taux de couverture, fin de chaque année",
      unit: "%",
      categories: history.map((p) => p.date.slice(0, 4)),
      series: [{ name: "Part de la population couverte", values: history.map((p) => Math.round(p.coveredPopulationShare * 1000) / 10) }],
    },
  ];
}

const progressTable = (groups: readonly ProgressGroup[], first: string): Block => ({
  kind: "table",
  columns: [
    { header: first, kind: "text" },
    { header: "Actions", kind: "integer" },
    { header: "Réalisées", kind: "integer" },
    { header: "En retard", kind: "integer" },
    { header: "Avancement moyen (%)", kind: "integer" },
  ],
  rows: groups.map((g) => [text(g.label), integer(g.actions), integer(g.done), integer(g.late), integer(g.progress)]),
});

function moneyBlocks(convention: ConventionBilan): Block[] {
  const heading: Block = { kind: "heading", level: 2, text: "Financements : prévu et réalisé (euros)" };
  if (convention.money === null) {
    return [
      heading,
      { kind: "paragraph", text: "Montants réservés aux agents et analystes CAF du département et aux partenaires opérateurs." },
    ];
  }
  const detail = convention.money.filter((m) => m.funder !== null);
  const total = convention.money.find((m) => m.funder === null);
  const years = [...new Set(detail.map((m) => m.year))].sort((a, b) => (a ?? 0) - (b ?? 0));
  const yearLabel = (year: number | null) => (year === null ? "Toute la période" : String(year));
  const sumOf = (year: number | null, amount: "planned" | "actual") =>
    detail.filter((m) => m.year === year).reduce((sum, m) => sum + (m[amount] ?? 0), 0);
  return [
    heading,
    ...(convention.moneyPartial
      ? [{ kind: "paragraph", text: "Seules figurent les actions dont l'association est opératrice." } as Block]
      : []),
    {
      kind: "table",
      columns: [
        { header: "Financeur", kind: "text" },
        { header: "Année", kind: "text" },
        { header: "Prévu", kind: "euros" },
        { header: "Réalisé", kind: "euros" },
      ],
      rows: [
        ...detail.map((m) => [
          text(FUNDER_KIND_LABELS[m.funder as keyof typeof FUNDER_KIND_LABELS]),
          text(yearLabel(m.year)),
          euros(m.planned),
          euros(m.actual),
        ]),
        [text("Total"), text(""), euros(total?.planned ?? null), euros(total?.actual ?? null)],
      ],
    },
    {
      kind: "chart",
      title: "Prévu et réalisé par année (euros)",
      unit: "€",
      categories: years.map(yearLabel),
      series: [
        { name: "Prévu", values: years.map((y) => sumOf(y, "planned")) },
        { name: "Réalisé", values: years.map((y) => sumOf(y, "actual")) },
      ],
    },
  ];
}

function indicatorBlocks(convention: ConventionBilan): Block[] {
  if (convention.indicators.length === 0) return [{ kind: "paragraph", text: "Aucun indicateur renseigné." }];
  return [
    {
      kind: "table",
      columns: [
        { header: "Indicateur", kind: "text" },
        { header: "Rattaché à", kind: "text" },
        { header: "Année", kind: "integer" },
        { header: "Situation de départ", kind: "decimal" },
        { header: "Cible", kind: "decimal" },
        { header: "Résultat", kind: "decimal" },
      ],
      rows: convention.indicators.flatMap((i) =>
        i.points.map((p) => [
          text(`${i.label} (${i.unit})`),
          text(i.scope),
          integer(p.year),
          decimal(p.baseline),
          decimal(p.target),
          decimal(p.result),
        ]),
      ),
    },
    ...convention.indicators.map(
      (i): Block => ({
        kind: "chart",
        title: `${i.label} — ${i.scope}`,
        unit: i.unit,
        categories: i.points.map((p) => String(p.year)),
        series: [
          { name: "Cible", values: i.points.map((p) => p.target) },
          { name: "Résultat", values: i.points.map((p) => p.result) },
        ],
      }),
    ),
  ];
}

function conventionBlocks(convention: ConventionBilan, bilan: Bilan): Block[] {
  const territory = convention.territoryCoverage;
  return [
    { kind: "pageBreak" },
    { kind: "heading", level: 1, text: `${convention.reference} — ${convention.title}` },
    {
      kind: "facts",
      rows: [
        ["Statut", text(CONVENTION_STATUS_LABELS[convention.status])],
        ["Début", date(convention.startsOn)],
        ["Fin", date(convention.endsOn)],
        ["Signature", date(convention.signedOn)],
        ["Porteur", text(convention.holderName)],
        ["Signataires", text(convention.signatories.map((s) => `${s.name} (${SIGNATORY_ROLE_LABELS[s.role]})`).join(" ; ") || "—")],
        ["Communes couvertes", integer(convention.coveredCommuneCount)],
        ["Population couverte", integer(convention.coveredPopulation)],
        ...(territory
          ? ([
              [`Couverture de ${territory.name} (toutes CTG en vigueur)`, share(territory.coveredPopulationShare)],
              ["Communes couvertes du territoire", text(`${territory.coveredCommuneCount} sur ${territory.communeCount}`)],
            ] as const)
          : []),
      ],
    },
    { kind: "heading", level: 2, text: "Avancement par objectif" },
    progressTable(convention.objectives, "Objectif"),
    { kind: "heading", level: 2, text: "Avancement par axe du SDSF" },
    progressTable(convention.sdsfAxes, "Axe du SDSF"),
    { kind: "heading", level: 2, text: `Actions (en retard d'abord, au ${formatCell(date(bilan.asOf))})` },
    {
      kind: "table",
      columns: [
        { header: "Rang", kind: "integer" },
        { header: "Action", kind: "text" },
        { header: "État", kind: "text" },
        { header: "Priorité", kind: "text" },
        { header: "Échéance", kind: "date" },
        { header: "Jours de retard", kind: "integer" },
        { header: "Avancement (%)", kind: "integer" },
        { header: "Pilotes", kind: "text" },
      ],
      rows: convention.actions.map((a) => [
        integer(a.position),
        text(a.title),
        text(ACTION_STATUS_LABELS[a.status]),
        text(a.priority ? ACTION_PRIORITY_LABELS[a.priority] : null),
        date(a.endsOn),
        integer(a.daysLate),
        integer(a.progress),
        text(a.pilots.join(" ; ") || "sans pilote"),
      ]),
      stressed: convention.actions.map((a) => a.late),
    },
    ...moneyBlocks(convention),
    { kind: "heading", level: 2, text: "Indicateurs : situation de départ, cible et résultat" },
    ...indicatorBlocks(convention),
    { kind: "heading", level: 2, text: `Notes de suivi ${bilan.year}` },
    {
      kind: "table",
      columns: [
        { header: "Date", kind: "date" },
        { header: "Action", kind: "text" },
        { header: "Auteur", kind: "text" },
        { header: "Note", kind: "text" },
      ],
      rows: convention.notes.map((n) => [date(n.notedOn), text(n.action), text(n.author), text(n.text)]),
    },
    { kind: "heading", level: 2, text: `Comités ${bilan.year}` },
    {
      kind: "table",
      columns: [
        { header: "Date", kind: "date" },
        { header: "Instance", kind: "text" },
        { header: "Participants", kind: "integer" },
        { header: "Structures représentées", kind: "text" },
        { header: "Décisions", kind: "text" },
      ],
      rows: convention.meetings.map((m) => [
        date(m.heldOn),
        text(MEETING_KIND_LABELS[m.kind]),
        integer(m.attendees),
        text(m.organisations.join(", ")),
        text(m.decisions),
      ]),
    },
  ];
}
