import { parsedOrNull, runAsMain } from "./arguments";
import "reflect-metadata";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { commandLineViewer, importKinds, runImport } from "../import/importer";
import { IMPORT_KINDS, isImportKind } from "../import/kind";
import { streamProgress } from "../import/progress";
import { formatReport } from "../import/report";
import { importPlanWorkbook } from "../import/plan-workbook";
import { WorkbookError } from "../import/workbook";
import { withCommandDatabase } from "./cli-database";
import { EXIT, TOKEN_ENV, importThroughHub } from "./import-remote";

const USAGE = `Usage : npm run import -- <type> <fichier> [--dry-run] [--replace] [--indicator <code>] [--json] [--hub <adresse>]

  <type>            ${IMPORT_KINDS.join(" | ")}
                    ou plan : le classeur XLSX d'un plan d'actions (GET /reports/plan/<référence>.xlsx, modifié)
  <fichier>         CSV (séparateur ; , ou tabulation détecté ; UTF-8, Windows-1252 ou UTF-16 avec BOM)
                    ou JSON (tableau d'enregistrements)
  --dry-run         vérifie et compte ce qui changerait, sans rien écrire
  --replace         (signatories, objectives, actions, approvals) le fichier donne tous les enfants des
                    conventions (ou équipements) qu'il nomme : les autres, en base, sont supprimés
  --indicator <c>   code de l'indicateur d'un fichier sans colonne indicator (ex. allocataires)
  --json            rapport en JSON sur la sortie standard
  --hub <adresse>   envoie le fichier au hub qui tourne (ex. http://localhost:4000) : c'est lui qui
                    l'importe dans sa base. Jeton d'agent CAF ou d'administrateur dans ${TOKEN_ENV}
                    (ou --token <jeton>, visible dans l'historique). Sans --hub, l'import ouvre
                    lui-même la base : arrêtez d'abord le hub s'il utilise la base embarquée ./data.
  --help [type]     colonnes acceptées

Code de sortie : 0 importé (ou simulé), 1 fichier refusé (rien n'est écrit), 2 mauvaise commande
(ou requête refusée par le hub : droits, taille), 3 hub injoignable ou en erreur (rien n'est écrit).`;

/** The columns of one kind, for `--help conventions`. */
function kindHelp(kindName: string): string {
  if (!isImportKind(kindName)) return USAGE;
  const kind = importKinds[kindName];
  const lines = [`Colonnes du type ${kindName} (clé naturelle : ${kind.naturalKey}) :`];
  for (const column of kind.columns) {
    const aliases = column.aliases?.length ? ` (ou ${column.aliases.join(", ")})` : "";
    lines.push(`  ${column.name}${column.required ? " *" : ""}${aliases}\n      ${column.description}`);
  }
  lines.push("* obligatoire");
  if (kind.children) {
    lines.push(
      `Avec --replace : les lignes en base des parents nommés (${kind.children.parentColumns.join(" + ")}) absentes du fichier sont supprimées.`,
    );
  }
  return lines.join("\n");
}

/** `npm run import -- plan plan.xlsx`: the plan workbook's sheets, all or nothing. */
async function importPlan(file: string, dryRun: boolean, replace: boolean, hub: string | undefined): Promise<number> {
  if (hub !== undefined) {
    console.error("plan : envoyez le classeur au hub par POST /import/plan (--hub ne le prend pas encore)");
    return EXIT.usage;
  }
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (error) {
    console.error(`Fichier illisible : ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    return 2;
  }
  return withCommandDatabase(async (dataSource) => {
    try {
      const reports = await importPlanWorkbook(dataSource.manager, {
        fileName: file,
        content,
        viewer: commandLineViewer(file),
        dryRun,
        replace,
      });
      console.log(reports.map(formatReport).join("\n\n"));
      return reports.some((r) => r.status === "rejected") ? 1 : 0;
    } catch (error) {
      if (!(error instanceof WorkbookError)) throw error;
      console.error(error.message);
      return 1;
    }
  });
}

/** `npm run import -- <kind> <file>`: returns the exit code. */
export async function importCommand(argv: string[]): Promise<number> {
  const parsed = parsedOrNull(
    () =>
      parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          "dry-run": { type: "boolean", default: false },
          replace: { type: "boolean", default: false },
          indicator: { type: "string" },
          json: { type: "boolean", default: false },
          "batch-size": { type: "string" },
          hub: { type: "string" },
          token: { type: "string" },
          help: { type: "boolean", default: false },
        },
      }),
    USAGE,
  );
  if (parsed === null) return 2;
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(positionals[0] ? kindHelp(positionals[0]) : USAGE);
    return 0;
  }
  const [kind, file] = positionals;
  if (kind === "plan" && file && positionals.length === 2) return importPlan(file, values["dry-run"], values.replace, values.hub);
  if (!kind || !file || positionals.length > 2 || !isImportKind(kind)) {
    console.error(kind && !isImportKind(kind) ? `Type inconnu « ${kind} ».\n\n${USAGE}` : USAGE);
    return 2;
  }
  const batchSize = values["batch-size"] === undefined ? undefined : Number(values["batch-size"]);
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) {
    console.error("--batch-size : entier positif attendu");
    return 2;
  }
  const token = values.token ?? process.env[TOKEN_ENV] ?? "";
  if (values.hub !== undefined && token === "") {
    console.error(`--hub : jeton d'agent CAF ou d'administrateur attendu dans ${TOKEN_ENV} (ou --token)`);
    return EXIT.usage;
  }
  if (values.hub === undefined && values.token !== undefined) {
    console.error("--token ne sert qu'avec --hub");
    return EXIT.usage;
  }
  if (values.hub !== undefined && batchSize !== undefined) {
    console.error("--batch-size ne sert que sans --hub (le hub garde sa taille de lot)");
    return EXIT.usage;
  }
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (error) {
    console.error(`Fichier illisible : ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    return 2;
  }
  if (values.hub !== undefined) {
    return importThroughHub(
      {
        hub: values.hub,
        token,
        kind,
        file,
        content,
        dryRun: values["dry-run"],
        replace: values.replace,
        indicator: values.indicator ?? null,
        json: values.json,
      },
      { out: (text) => console.log(text), err: (text) => console.error(text) },
    );
  }

  return withCommandDatabase(async (dataSource) => {
    const report = await runImport(dataSource.manager, {
      kind,
      fileName: file,
      content,
      viewer: commandLineViewer(file),
      dryRun: values["dry-run"],
      indicator: values.indicator ?? null,
      replace: values.replace ? {} : null,
      batchSize,
      progress: streamProgress(process.stderr),
    });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.status === "rejected" ? 1 : 0;
  });
}

runAsMain(module, importCommand, "import");
