import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { mintToken, tokenConfig, type TokenConfig } from "../../src/auth/tokens";
import { Role } from "../../src/auth/viewer";
import { importCommand } from "../../src/cli/import";
import { TOKEN_ENV } from "../../src/cli/import-remote";
import type { ImportReport } from "../../src/import/report";
import { listenHub, type ListeningHub } from "../helpers/hub-http";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

const SECRET = "secret-de-test-de-la-commande-import-0123456789";
const TOKENS: TokenConfig = tokenConfig({ JWT_SECRET: SECRET });

/** `npm run import -- <kind> <file> --hub …` against a hub listening in the test. */
describe("npm run import -- --hub", () => {
  let db: TestDatabase;
  let hub: ListeningHub;
  let folder: string;
  let agentToken: string;
  beforeAll(async () => {
    db = await openTestDatabase();
    hub = await listenHub(db.dataSource, { tokens: TOKENS });
    folder = mkdtempSync(path.join(os.tmpdir(), "ctg-hub-cli-import-"));
    agentToken = await mintToken(SECRET, { subject: "agent-52", role: Role.CAF_AGENT, departments: ["52"] });
  });
  afterAll(async () => {
    await hub.close();
    await db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const file = (name: string, text: string) => {
    const where = path.join(folder, name);
    writeFileSync(where, text, "utf8");
    return where;
  };

  /** Runs the command with `env` set, and returns its exit code and what it printed. */
  async function command(args: string[], env: Record<string, string | undefined> = { [TOKEN_ENV]: agentToken }) {
    const out: string[] = [];
    const err: string[] = [];
    const log = jest.spyOn(console, "log").mockImplementation((text: string) => void out.push(text));
    const error = jest.spyOn(console, "error").mockImplementation((text: string) => void err.push(text));
    const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
    Object.assign(process.env, env);
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key];
    try {
      const code = await importCommand(args);
      return { code, out: out.join("\n"), err: err.join("\n") };
    } finally {
      log.mockRestore();
      error.mockRestore();
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  }

  const facilityNames = async () =>
    (
      (await db.dataSource.query(`SELECT name FROM facility WHERE name LIKE '%par la commande%' ORDER BY name`)) as Array<{ name: string }>
    ).map((r) => r.name);

  it("imports through the hub with the token of CTG_HUB_TOKEN, prints the report, exit 0; then finds nothing to change", async () => {
    const where = file(
      "equipements.csv",
      "kind;name;commune\nEAJE;Crèche envoyée par la commande;52121\nRPE;Relais envoyé par la commande;52448\n",
    );
    const first = await command(["facilities", where, "--hub", hub.origin]);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(
      /^Import facilities depuis equipements\.csv \(CSV UTF-8, séparateur « ; », 2 lignes\)\nImport appliqué en une transaction \(\d+ ms\) :\n/,
    );
    expect(first.out).toMatch(/ équipements\s+2\s+0\s+0$/m);
    expect(await facilityNames()).toEqual(["Crèche envoyée par la commande", "Relais envoyé par la commande"]);
    const again = await command(["facilities", where, "--hub", `${hub.origin}/`]);
    expect([again.code, again.out]).toEqual([0, expect.stringContaining("Rien à changer : la base contient déjà ces données.")]);
  });

  it("prints the problems of a refused file with their line and column, exit 1, nothing written; --json prints the report", async () => {
    const where = file(
      "mauvais.csv",
      "kind;name;commune\nEAJE;Crèche correcte par la commande;52121\nPISCINE;Bassin par la commande;52121\n",
    );
    const refused = await command(["facilities", where, "--hub", hub.origin]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/Import refusé : 1 problème, rien n'a été écrit\.\n {2}ligne 3, colonne kind, valeur « PISCINE » : /);
    const json = await command(["facilities", where, "--hub", hub.origin, "--json"]);
    const report = JSON.parse(json.out) as ImportReport;
    expect([json.code, report.status, report.problemCount, report.problems[0].line, report.problems[0].column]).toEqual([
      1,
      "rejected",
      1,
      3,
      "kind",
    ]);
    expect(await facilityNames()).toEqual(["Crèche envoyée par la commande", "Relais envoyé par la commande"]);
  });

  it("simulates with --dry-run and takes --token", async () => {
    const where = file("simulation.csv", "kind;name;commune\nLAEP;Lieu simulé par la commande;52121\n");
    const simulated = await command(["facilities", where, "--hub", hub.origin, "--dry-run", "--token", agentToken], {
      [TOKEN_ENV]: undefined,
    });
    expect([simulated.code, simulated.out]).toEqual([0, expect.stringContaining("Simulation (--dry-run), rien n'a été écrit.")]);
    expect(await facilityNames()).not.toContain("Lieu simulé par la commande");
  });

  it("exit 2 without a token or with a token the hub refuses; exit 3 when the hub does not answer", async () => {
    const where = file("refus.csv", "kind;name;commune\nLAEP;Lieu refusé par la commande;52121\n");
    const missing = await command(["facilities", where, "--hub", hub.origin], { [TOKEN_ENV]: undefined });
    expect([missing.code, missing.err]).toEqual([
      2,
      expect.stringContaining(`jeton d'agent CAF ou d'administrateur attendu dans ${TOKEN_ENV}`),
    ]);
    const analyst = await mintToken(SECRET, { subject: "analyste", role: Role.ANALYST });
    const forbidden = await command(["facilities", where, "--hub", hub.origin], { [TOKEN_ENV]: analyst });
    expect([forbidden.code, forbidden.err]).toEqual([
      2,
      expect.stringContaining("Le hub refuse l'import (HTTP 403) : Import réservé aux agents CAF"),
    ]);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await command(["facilities", where, "--hub", `http://127.0.0.1:${port}`]);
    expect([unreachable.code, unreachable.err]).toEqual([
      3,
      expect.stringMatching(/Hub injoignable à http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/),
    ]);
    const notHttp = await command(["facilities", where, "--hub", "ftp://exemple.fr"]);
    expect(notHttp.code).toBe(2);
    expect(await facilityNames()).not.toContain("Lieu refusé par la commande");
  });
});
