import "reflect-metadata";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { buildHubSchema, printHubSchema } from "../server/schema";

/** Writes schema/schema.graphql from the code; a test fails when the committed file is stale. */
export const SCHEMA_FILE = path.resolve(__dirname, "../../../schema/schema.graphql");

async function main(): Promise<void> {
  const target = process.argv[2] ?? SCHEMA_FILE;
  writeFileSync(target, printHubSchema(await buildHubSchema()));
  console.log(`schema written to ${target}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
