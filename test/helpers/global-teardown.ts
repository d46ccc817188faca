import { rmSync } from "node:fs";
import { TEMPLATE_ENV, onServer, testServerUrl } from "./test-database";

export default async function globalTeardown(): Promise<void> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) return;
  if (testServerUrl()) await onServer((c) => c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
  else rmSync(template, { recursive: true, force: true });
}
