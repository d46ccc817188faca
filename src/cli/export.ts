import { parsedOrNull, runAsMain } from "./arguments";
import "reflect-metadata";
import { parseArgs } from "node:util";
import { Role, type Viewer } from "../auth/viewer";
import { todayInFrance } from "../common/date";
import { ExportInputError, type ExportRequest, parseExportRequest, runExport } from "../export/export.service";
import { REPORT_NAMES } from "../export/reports";
import { withCommandDatabase, writeDocument } from "./cli-database";

const USAGE = `Usage : npm run export -- <rapport> --department <code> [--as-of AAAA-MM-JJ] [--level INTERCOMMUNALITY|COMMUNE]
                         [--format csv|json|xlsx] [--output <fichier>] [--decimal-comma]

  <rapport>         ${REPORT_NAMES.join(" | ")}
  --as-of           date d'observation (par défaut aujourd'hui, heure de Paris)
  --level           maille de compare (par défaut INTERCOMMUNALITY)
  --format          csv (UTF-8 avec BOM, séparateur ;), json ou xlsx (par défaut csv)
  --output          fichier à écrire (par défaut la sortie standard ; obligatoire pour xlsx sur un terminal)
  --decimal-comma   nombres décimaux avec une virgule (CSV)

Code de sortie : 0 exporté, 1 erreur, 2 mauvaise commande.`;

/**
 * Who the command line exports as. The three reports hold public figures only, so the command acts as
 * an administrator of the machine it runs on; restricted columns, if a report ever has some, follow the
 * same rule as over HTTP.
 */
const COMMAND_LINE_VIEWER: Viewer = {
  kind: "user",
  subject: "cli-export",
  role: Role.ADMIN,
  national: true,
  departments: [],
  associationId: null,
};

/** `npm run export -- <report> --department 52`: returns the exit code. */
export async function exportCommand(argv: string[]): Promise<number> {
  const parsed = parsedOrNull(
    () =>
      parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          department: { type: "string" },
          "as-of": { type: "string" },
          level: { type: "string" },
          format: { type: "string" },
          output: { type: "string" },
          "decimal-comma": { type: "boolean", default: false },
          help: { type: "boolean", default: false },
        },
      }),
    USAGE,
  );
  if (parsed === null) return 2;
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const today = todayInFrance();
  let request: ExportRequest;
  try {
    if (positionals.length !== 1) throw new ExportInputError("un rapport attendu");
    request = parseExportRequest(
      {
        report: positionals[0],
        format: values.format,
        department: values.department,
        asOf: values["as-of"],
        level: values.level,
        decimalComma: values["decimal-comma"],
      },
      today,
    );
  } catch (error) {
    if (!(error instanceof ExportInputError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (request.format === "xlsx" && !values.output && process.stdout.isTTY) {
    console.error("--output <fichier.xlsx> : un classeur ne s'affiche pas dans un terminal");
    return 2;
  }

  return withCommandDatabase(async (dataSource) => {
    const rendered = await runExport({ manager: dataSource.manager, viewer: COMMAND_LINE_VIEWER, today }, request);
    if (values.output) await writeDocument(values.output, rendered.body);
    else process.stdout.write(rendered.body);
    return 0;
  });
}

runAsMain(module, exportCommand, "export");
