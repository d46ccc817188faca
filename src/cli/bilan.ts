import { parsedOrNull, runAsMain } from "./arguments";
import "reflect-metadata";
import { parseArgs } from "node:util";
import { Role, type Viewer } from "../auth/viewer";
import { todayInFrance } from "../common/date";
import { BILAN_FORMATS, isBilanFormat, renderBilan } from "../report/bilan";
import type { BilanSubject } from "../report/bilan.service";
import { withCommandDatabase, writeDocument } from "./cli-database";

const USAGE = `Usage : npm run bilan -- (<référence> | --department <code>) [--year AAAA] [--format pdf|docx|xlsx] [--output <fichier>]

  <référence>    la convention (ex. CTG-52-2023-200044253)
  --department   toutes les CTG du département en vigueur pendant l'année, en un document
  --year         année du bilan (par défaut l'année précédente)
  --format       ${BILAN_FORMATS.join(", ")} (par défaut pdf)
  --output       fichier à écrire (par défaut bilan-<année>-<sujet>.<format> dans le dossier courant)

Le bilan est produit pour un administrateur de la machine : montants et notes réservées compris.
Code de sortie : 0 produit, 1 erreur, 2 mauvaise commande.`;

const COMMAND_LINE_VIEWER: Viewer = {
  kind: "user",
  subject: "cli-bilan",
  role: Role.ADMIN,
  national: true,
  departments: [],
  associationId: null,
};

/** `npm run bilan -- CTG-52-2023-200044253 --year 2025`: returns the exit code. */
export async function bilanCommand(argv: string[]): Promise<number> {
  const parsed = parsedOrNull(
    () =>
      parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          department: { type: "string" },
          year: { type: "string" },
          format: { type: "string", default: "pdf" },
          output: { type: "string" },
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
  const format = values.format ?? "pdf";
  const subject: BilanSubject | null =
    values.department !== undefined && positionals.length === 0
      ? { kind: "department", code: values.department }
      : values.department === undefined && positionals.length === 1
        ? { kind: "convention", reference: positionals[0] }
        : null;
  const year = values.year === undefined ? Number(today.slice(0, 4)) - 1 : Number(values.year);
  if (subject === null || !isBilanFormat(format) || !/^\d{4}$/.test(String(year))) {
    console.error(`Commande incomplète ou invalide.\n\n${USAGE}`);
    return 2;
  }
  return withCommandDatabase(async (dataSource) => {
    const rendered = await renderBilan({ manager: dataSource.manager, viewer: COMMAND_LINE_VIEWER, today }, subject, year, format);
    await writeDocument(values.output ?? rendered.fileName, rendered.body);
    return 0;
  });
}

runAsMain(module, bilanCommand, "bilan");
