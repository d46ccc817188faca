import "reflect-metadata";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { commandLineViewer, importKinds, runImport } from "../import/importer";
import { IMPORT_KINDS, isImportKind } from "../import/kind";
import { streamProgress } from "../import/progress";
import { formatReport } from "../import/report";
import { openCommandDatabase } from "./cli-database";

const USAGE = `Usage : npm run import -- <type> <fichier> [--dry-run] [--indicator <code>] [--json]

  <type>            ${IMPORT_KINDS.join(" | ")}
  <fichier>         CSV (séparateur ; ou , détecté, UTF-8 avec ou sans BOM) ou JSON (tableau d'enregistrements)
  --dry-run         vérifie et compte ce qui changerait, sans rien écrire
  --indicator <c>   code de l'indicateur d'un fichier sans colonne indicator (ex. allocataires)
  --json            rapport en JSON sur la sortie standard
  --help [type]     colonnes acceptées

Code de sortie : 0 importé (ou simulé), 1 fichier refusé (rien n'est écrit), 2 mauvaise commande.`;

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
  return lines.join("\n");
}

/** `npm run import -- <kind> <file>`: returns the exit code. */
export async function importCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        "dry-run": { type: "boolean", default: false },
        indicator: { type: "string" },
        json: { type: "boolean", default: false },
        "batch-size": { type: "string" },
        help: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(positionals[0] ? kindHelp(positionals[0]) : USAGE);
    return 0;
  }
  const [kind, file] = positionals;
  if (!kind || !file || positionals.length > 2 || !isImportKind(kind)) {
    console.error(kind && !isImportKind(kind) ? `Type inconnu « ${kind} ».\n\n${USAGE}` : USAGE);
    return 2;
  }
  const batchSize = values["batch-size"] === undefined ? undefined : Number(values["batch-size"]);
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) {
    console.error("--batch-size : entier positif attendu");
    return 2;
  }
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (error) {
    console.error(`Fichier illisible : ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    return 2;
  }

  const log = (line: string) => console.error(line);
  const dataSource = await openCommandDatabase(log);
  try {
    const report = await runImport(dataSource.manager, {
      kind,
      fileName: file,
      content,
      viewer: commandLineViewer(file),
      dryRun: values["dry-run"],
      indicator: values.indicator ?? null,
      batchSize,
      progress: streamProgress(process.stderr),
    });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.status === "rejected" ? 1 : 0;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  importCommand(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      console.error("import interrompu :", error);
      process.exitCode = 1;
    },
  );
}
