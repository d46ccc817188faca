#!/usr/bin/env node
import "reflect-metadata";
import { exportCommand } from "./export";
import { importCommand } from "./import";

/** The `ctg-hub` command: `ctg-hub import <type> <fichier>` and `ctg-hub export <rapport> …`. */
const USAGE = `Usage : ctg-hub import <type> <fichier> [options]   (ctg-hub import --help)
        ctg-hub export <rapport> [options]         (ctg-hub export --help)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "import") return importCommand(rest);
  if (command === "export") return exportCommand(rest);
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("ctg-hub :", error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
