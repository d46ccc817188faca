// The import page (/imports): a CAF agent sends a file to `POST /import/<kind>` with its token and reads the
// report — what was (or would be) created and updated, the problems by line and column, the values read otherwise
// than written.
import { currentToken, tokenClaims, uploadImport } from "../api.js";
import { dataTable, emptyState, errorState, h, loadingState } from "../dom.js";
import { formatInteger } from "../format.js";

/** The kinds `POST /import/<kind>` reads (src/import/kind.ts), with the plan workbook (issue 19). */
const KINDS = {
  conventions: "Conventions (CTG)",
  actions: "Actions",
  objectives: "Objectifs",
  signatories: "Signataires",
  associations: "Associations partenaires",
  facilities: "Équipements",
  approvals: "Agréments",
  indicators: "Valeurs d'indicateurs",
  sdsf: "Axes de SDSF",
  pilots: "Pilotes des actions",
  budget_lines: "Lignes budgétaires",
  fundings: "Financements",
  notes: "Notes de suivi",
  meetings: "Réunions des comités",
  evaluations: "Bilans et évaluations",
  indicator_definitions: "Définitions d'indicateurs",
  plan: "Plan d'actions (classeur XLSX, toutes ses feuilles)",
};

const STATUSES = {
  applied: "Import appliqué en une transaction.",
  "dry-run": "Simulation : rien n'a été écrit. Voici ce que l'import ferait.",
  rejected: "Import refusé : rien n'a été écrit.",
};

export async function renderImport(view, context) {
  document.title = "Importer un fichier — ctg-hub";
  const claims = tokenClaims();
  const intro = h(
    "p",
    {},
    "Envoyez un fichier CSV, JSON ou XLSX : il est vérifié puis écrit en entier ou pas du tout. ",
    "Cochez « Simulation » pour lire le rapport sans rien écrire.",
  );
  const result = h("div", { id: "import-result", "aria-live": "polite" });
  const kind = h(
    "select",
    { id: "import-kind", name: "kind" },
    Object.entries(KINDS).map(([value, text]) => h("option", { value, selected: value === context.params.get("type") }, text)),
  );
  const file = h("input", {
    id: "import-file",
    name: "file",
    type: "file",
    accept: ".csv,.json,.xlsx,text/csv,application/json",
    required: true,
  });
  const dryRun = h("input", { id: "import-dry-run", name: "dryRun", type: "checkbox" });
  const submit = h("button", { type: "submit", class: "button" }, "Envoyer le fichier");
  const form = h(
    "form",
    {
      id: "import-form",
      class: "form",
      onsubmit: async (event) => {
        event.preventDefault();
        const chosen = file.files?.[0];
        if (!chosen) {
          result.replaceChildren(h("p", { class: "state state--error", role: "alert" }, "Choisissez un fichier à envoyer."));
          file.focus();
          return;
        }
        submit.disabled = true;
        result.replaceChildren(loadingState(`Envoi de ${chosen.name}…`));
        try {
          const answer = await uploadImport(kind.value, chosen, { dryRun: dryRun.checked });
          result.replaceChildren(
            answer.body.error ? refusal(answer) : Array.isArray(answer.body.reports) ? workbook(answer.body) : report(answer.body),
          );
        } catch (error) {
          result.replaceChildren(errorState(error));
        } finally {
          submit.disabled = false;
          result.querySelector("h2")?.focus();
        }
      },
    },
    h("div", { class: "form__row" }, h("label", { for: "import-kind" }, "Type de fichier"), kind),
    h("div", { class: "form__row" }, h("label", { for: "import-file" }, "Fichier"), file),
    h("div", { class: "form__check" }, dryRun, h("label", { for: "import-dry-run" }, "Simulation (rien n'est écrit)")),
    submit,
  );
  const signedIn = currentToken() !== null;
  const parts = [
    h("h1", { tabindex: "-1" }, "Importer un fichier"),
    intro,
    !signedIn
      ? h(
          "p",
          { class: "state", id: "import-sign-in" },
          "L'import demande un jeton d'agent CAF ou d'administrateur : utilisez « Se connecter » en haut de la page.",
        )
      : claims?.role && !["CAF_AGENT", "ADMIN"].includes(claims.role)
        ? h("p", { class: "state" }, "Votre jeton n'est pas celui d'un agent CAF ou d'un administrateur : le hub refusera l'import.")
        : null,
    form,
    result,
  ];
  view.replaceChildren(...parts.filter(Boolean));
}

function refusal({ status, body }) {
  return h(
    "div",
    { class: "state state--error", role: "alert", id: "import-refused" },
    h("h2", { tabindex: "-1" }, `Fichier refusé (HTTP ${status})`),
    h("p", {}, body.error),
  );
}

/** The plan workbook's answer: one report per sheet (kind), imported together or not at all. */
function workbook(answer) {
  return h(
    "div",
    { id: "import-report", "data-status": answer.status },
    h("h2", { tabindex: "-1" }, "Rapport d'import du classeur"),
    h(
      "p",
      { class: answer.status === "rejected" ? "state state--error" : "state state--success" },
      STATUSES[answer.status] ?? answer.status,
    ),
    answer.reports.map((r, index) => report(r, `-${index + 1}`, 3)),
  );
}

/** The importer's report (src/import/report.ts) as tables; `suffix` and `level` for a workbook's sheets. */
function report(r, suffix = "", level = 2) {
  const where = r.format === "json" ? "Enregistrement" : "Ligne";
  const problemTable = (rows, id, caption) =>
    dataTable({
      caption,
      id: `${id}${suffix}`,
      rows,
      columns: [
        { key: "line", label: where, numeric: true, sortValue: (p) => p.line, render: (p) => formatInteger(p.line) },
        { key: "column", label: "Colonne", sortValue: (p) => p.column ?? "—" },
        { key: "value", label: "Valeur", sortValue: (p) => (p.value === null ? "—" : `« ${p.value} »`) },
        { key: "reason", label: "Problème", sortValue: (p) => p.reason },
      ],
    }).element;
  const counts = dataTable({
    caption: "Enregistrements par table",
    id: `import-counts${suffix}`,
    rows: r.counts,
    columns: [
      { key: "label", label: "Table", sortValue: (c) => c.label },
      { key: "created", label: "Créations", numeric: true, sortValue: (c) => c.created, render: (c) => formatInteger(c.created) },
      { key: "updated", label: "Modifications", numeric: true, sortValue: (c) => c.updated, render: (c) => formatInteger(c.updated) },
      {
        key: "unchanged",
        label: "Sans changement",
        numeric: true,
        sortValue: (c) => c.unchanged,
        render: (c) => formatInteger(c.unchanged),
      },
      ...(r.counts.some((c) => c.deleted !== undefined)
        ? [
            {
              key: "deleted",
              label: "Suppressions",
              numeric: true,
              sortValue: (c) => c.deleted ?? 0,
              render: (c) => formatInteger(c.deleted ?? 0),
            },
          ]
        : []),
    ],
  });
  return h(
    level === 2 ? "div" : "section",
    { id: level === 2 ? "import-report" : `import-report${suffix}`, "data-status": r.status, "data-kind": r.kind },
    h(`h${level}`, { tabindex: "-1" }, level === 2 ? `Rapport d'import : ${r.file}` : `Feuille ${KINDS[r.kind] ?? r.kind} (${r.kind})`),
    h("p", { class: r.status === "rejected" ? "state state--error" : "state state--success" }, STATUSES[r.status] ?? r.status),
    h(
      "p",
      {},
      `${formatInteger(r.rows)} ${r.format === "json" ? "enregistrements lus" : "lignes lues"} en ${formatInteger(r.durationMs)} ms.`,
    ),
    r.ignoredColumns.length ? h("p", {}, `Colonnes ignorées : ${r.ignoredColumns.join(", ")}`) : null,
    r.status === "rejected"
      ? [
          h(`h${level + 1}`, {}, `Problèmes (${formatInteger(r.problemCount)})`),
          problemTable(r.problems, "import-problems", "Problèmes par ligne et colonne"),
          r.problemCount > r.problems.length
            ? h("p", {}, `… et ${formatInteger(r.problemCount - r.problems.length)} autres (seuls les premiers sont affichés).`)
            : null,
        ]
      : r.counts.length
        ? counts.element
        : emptyState("Aucun enregistrement."),
    (r.skipped ?? []).some((s) => s.count > 0)
      ? [
          h(`h${level + 1}`, {}, "Non repris"),
          h(
            "ul",
            { id: `import-skipped${suffix}` },
            r.skipped.filter((s) => s.count > 0).map((s) => h("li", {}, `${s.reason} : ${formatInteger(s.count)}`)),
          ),
        ]
      : null,
    r.noticeCount > 0
      ? [
          h(`h${level + 1}`, {}, `Valeurs lues autrement qu'écrites (${formatInteger(r.noticeCount)})`),
          problemTable(r.notices, "import-notices", "Valeurs lues autrement qu'écrites"),
        ]
      : null,
    h("details", {}, h("summary", {}, "Rapport texte (comme en ligne de commande)"), h("pre", { class: "report-text" }, r.summary)),
  );
}
