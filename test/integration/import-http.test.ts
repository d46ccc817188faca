import { readFileSync } from "node:fs";
import path from "node:path";
import { mintToken, tokenConfig, type TokenConfig } from "../../src/auth/tokens";
import { Role } from "../../src/auth/viewer";
import type { ImportAnswer } from "../../src/import/import.router";
import { listenHub, type ListeningHub } from "../helpers/hub-http";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

const SECRET = "secret-de-test-des-imports-http-0123456789";
const TOKENS: TokenConfig = tokenConfig({ JWT_SECRET: SECRET });
const MAX_BYTES = 64 * 1024;

/** Tables an import may touch: their digest must not move when a request is refused. */
const TOUCHED_TABLES = [
  "convention",
  "convention_commune",
  "action",
  "objective",
  "partnership",
  "partner_association",
  "facility",
  "indicator_value",
  "audit_entry",
];

const FACILITIES = "kind;name;commune\nEAJE;Crèche importée par HTTP;52121\nRPE;Relais importé par HTTP;52448\n";

/** `POST /import/<kind>` over HTTP, as a client does it. */
describe("POST /import/<kind>", () => {
  let db: TestDatabase;
  let hub: ListeningHub;
  const token = (role: Role, extra: { departments?: readonly string[]; association?: number } = {}) =>
    mintToken(SECRET, {
      subject: `http-${role.toLowerCase()}`,
      role,
      association: extra.association,
      departments: extra.departments && [...extra.departments],
    });
  beforeAll(async () => {
    db = await openTestDatabase();
    hub = await listenHub(db.dataSource, { tokens: TOKENS, importMaxBytes: MAX_BYTES });
  });
  afterAll(async () => {
    await hub.close();
    await db.close();
  });

  const digest = async (): Promise<Record<string, string>> => {
    const [row] = await db.dataSource.query(
      `SELECT ${TOUCHED_TABLES.map(
        (table) => `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM ${table} x) AS ${table}`,
      ).join(", ")}`,
    );
    return row;
  };
  const post = (path: string, body: RequestInit["body"], headers: Record<string, string> = {}) =>
    fetch(`${hub.origin}/import/${path}`, { method: "POST", body, headers });
  const asCsv = async (
    role: Role | null,
    path: string,
    body: string,
    extra: { departments?: readonly string[]; association?: number } = {},
  ) => post(path, body, { "content-type": "text/csv", ...(role ? { authorization: `Bearer ${await token(role, extra)}` } : {}) });

  describe("who may import", () => {
    it.each([
      ["an anonymous caller", null, {}, 401, /^Authentification requise/],
      [
        "a partner",
        Role.PARTNER,
        { association: 1 },
        403,
        /^Import réservé aux agents CAF et aux administrateurs \(rôle du jeton : PARTNER\)/,
      ],
      [
        "an analyst",
        Role.ANALYST,
        { departments: ["52"] },
        403,
        /^Import réservé aux agents CAF et aux administrateurs \(rôle du jeton : ANALYST\)/,
      ],
    ] as const)("refuses %s, and writes nothing", async (_who, role, extra, status, message) => {
      const before = await digest();
      const response = await asCsv(role, "facilities", FACILITIES, extra);
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({ error: expect.stringMatching(message) });
      expect(await digest()).toEqual(before);
    });

    it("refuses a token signed with another secret as anonymous, and an expired one", async () => {
      const forged = await mintToken("un-autre-secret-que-celui-du-hub-0123456789", { subject: "x", role: Role.ADMIN });
      const response = await post("facilities", FACILITIES, { "content-type": "text/csv", authorization: `Bearer ${forged}` });
      expect([response.status, response.headers.get("www-authenticate")]).toEqual([401, "Bearer"]);
      const expired = await mintToken(SECRET, { subject: "x", role: Role.ADMIN }, "-1h");
      const late = await post("facilities", FACILITIES, { "content-type": "text/csv", authorization: `Bearer ${expired}` });
      expect([late.status, await late.json()]).toEqual([401, { error: "Jeton expiré : reconnectez-vous" }]);
    });

    it("accepts a CAF agent in its département: the same report as the command line, audited under the token's subject", async () => {
      const response = await asCsv(Role.CAF_AGENT, "facilities", FACILITIES, { departments: ["52"] });
      expect(response.status).toBe(200);
      const answer = (await response.json()) as ImportAnswer;
      expect([answer.status, answer.file, answer.encoding, answer.counts]).toEqual([
        "applied",
        "facilities.csv",
        "utf-8",
        [expect.objectContaining({ table: "facility", created: 2, updated: 0, unchanged: 0 })],
      ]);
      expect(answer.summary).toMatch(
        /^Import facilities depuis facilities\.csv \(CSV UTF-8, séparateur « ; », 2 lignes\)\nImport appliqué en une transaction/,
      );
      const audit = await db.dataSource.query(
        `SELECT DISTINCT actor_subject, actor_role FROM audit_entry WHERE entity = 'facility' AND after->>'name' LIKE '%importé% par HTTP'`,
      );
      expect(audit).toEqual([{ actor_subject: "http-caf_agent", actor_role: "CAF_AGENT" }]);
    });

    it("refuses what a CAF agent may not write outside its départements, naming line and column, nothing written", async () => {
      const before = await digest();
      const response = await asCsv(
        Role.CAF_AGENT,
        "conventions",
        "reference;title;department;holder_type;holder_code\nHTTP-52-1;CTG;52;epci;200068658\n",
        { departments: ["30"] },
      );
      expect(response.status).toBe(422);
      const answer = (await response.json()) as ImportAnswer;
      expect(answer.problems).toEqual([
        { line: 2, column: "department", value: "52", reason: "écriture refusée : département 52 hors de vos droits" },
      ]);
      expect(await digest()).toEqual(before);
    });
  });

  describe("the file", () => {
    it("refuses a bad file whole: 422, every problem with its line and column, in French, nothing written", async () => {
      const before = await digest();
      const response = await asCsv(
        Role.ADMIN,
        "facilities",
        "kind;name;commune;capacity\nEAJE;Crèche correcte;52121;12\nPISCINE;Bassin;52121;10\nEAJE;;5299;-3\n",
      );
      expect(response.status).toBe(422);
      const answer = (await response.json()) as ImportAnswer;
      expect(answer.status).toBe("rejected");
      expect(answer.problems.map((p) => [p.line, p.column])).toEqual([
        [3, "kind"],
        [4, "name"],
        [4, "commune"],
        [4, "capacity"],
      ]);
      expect(answer.problemCount).toBe(4);
      expect(answer.summary).toMatch(/Import refusé : 4 problèmes, rien n'a été écrit\.\n {2}ligne 3, colonne kind, valeur « PISCINE » : /);
      expect(await digest()).toEqual(before);
    });

    it("takes a multipart upload: its file name is reported and its extension chooses JSON", async () => {
      const form = new FormData();
      const records = [{ kind: "LAEP", name: "Lieu envoyé en multipart", commune: "52121" }];
      form.append("file", new Blob([JSON.stringify(records)], { type: "application/json" }), "équipements.json");
      const response = await post("facilities", form, { authorization: `Bearer ${await token(Role.ADMIN)}` });
      const answer = (await response.json()) as ImportAnswer;
      expect([response.status, answer.file, answer.format, answer.counts[0].created]).toEqual([200, "équipements.json", "json", 1]);
    });

    it("takes a JSON body and a Windows-1252 octet stream, named by ?file=", async () => {
      const json = await post("facilities", JSON.stringify([{ kind: "RPE", name: "Relais envoyé en JSON", commune: "52448" }]), {
        "content-type": "application/json",
        authorization: `Bearer ${await token(Role.ADMIN)}`,
      });
      expect([json.status, ((await json.json()) as ImportAnswer).format]).toEqual([200, "json"]);
      const bytes = readFileSync(path.join(__dirname, "../fixtures/facilities-windows-1252.csv"));
      const response = await post("facilities?file=excel.csv", bytes, {
        "content-type": "application/octet-stream",
        authorization: `Bearer ${await token(Role.ADMIN)}`,
      });
      const answer = (await response.json()) as ImportAnswer;
      expect([response.status, answer.file, answer.encoding, answer.counts[0].created]).toEqual([200, "excel.csv", "windows-1252", 2]);
      const [row] = await db.dataSource.query(`SELECT name FROM facility WHERE name LIKE 'Crèche « L%'`);
      expect(row).toEqual({ name: "Crèche « L’Œil du Prieuré » — accueil “petite enfance”…" });
    });

    it("simulates with ?dryRun=true, takes ?indicator=, and refuses an unknown option (a misspelt dryrun never imports)", async () => {
      const before = await digest();
      const admin = { "content-type": "text/csv", authorization: `Bearer ${await token(Role.ADMIN)}` };
      const simulated = await post("facilities?dryRun=true", "kind;name;commune\nEAJE;Crèche simulée;52121\n", admin);
      expect([simulated.status, ((await simulated.json()) as ImportAnswer).status]).toEqual([200, "dry-run"]);
      const typo = await post("facilities?dryrun=true", "kind;name;commune\nEAJE;Crèche simulée;52121\n", admin);
      expect([typo.status, await typo.json()]).toEqual([400, { error: expect.stringMatching(/^Paramètre inconnu « dryrun »/) }]);
      expect(await digest()).toEqual(before);
      const indicators = await post("indicators?indicator=taux_http", "codgeo;annee;valeur\n52121;2023;12,5\n", admin);
      expect([indicators.status, ((await indicators.json()) as ImportAnswer).counts[0].created]).toEqual([200, 1]);
    });

    it("takes ?replace=true for a kind of children: a CAF agent's simulation counts the objectives it would remove", async () => {
      const [{ n }] = await db.dataSource.query(
        `SELECT count(*)::int AS n FROM objective o JOIN convention c ON c.id = o.convention_id WHERE c.reference = 'CTG-52-2023-200044253'`,
      );
      expect(n).toBeGreaterThan(1);
      const before = await digest();
      const agent = { "content-type": "text/csv", authorization: `Bearer ${await token(Role.CAF_AGENT, { departments: ["52"] })}` };
      const answer = await post(
        "objectives?replace=true&dryRun=true",
        "convention_reference;position;title\nCTG-52-2023-200044253;1;Un seul objectif restant\n",
        agent,
      );
      const report = (await answer.json()) as ImportAnswer;
      expect([answer.status, report.status, report.counts]).toEqual([
        200,
        "dry-run",
        [expect.objectContaining({ table: "objective", updated: 1, deleted: n - 1 })],
      ]);
      expect(report.summary).toMatch(/suppressions/);
      expect(await digest()).toEqual(before);
    });
  });

  describe("HTTP errors answer short JSON", () => {
    const admin = async () => ({ authorization: `Bearer ${await token(Role.ADMIN)}` });

    it("413 past the size limit, declared or streamed, raw or multipart; nothing written", async () => {
      const before = await digest();
      const big = `kind;name;commune\n${"EAJE;Crèche;52121\n".repeat(Math.ceil(MAX_BYTES / 18) + 10)}`;
      const declared = await post("facilities", big, { "content-type": "text/csv", ...(await admin()) });
      expect([declared.status, await declared.json()]).toEqual([
        413,
        { error: expect.stringMatching(/^Fichier trop volumineux : au plus 0,1 Mo/) },
      ]);
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      });
      const chunked = await fetch(`${hub.origin}/import/facilities`, {
        method: "POST",
        body: stream,
        headers: { "content-type": "text/csv", ...(await admin()) },
        duplex: "half",
      } as RequestInit & { duplex: "half" });
      expect(chunked.status).toBe(413);
      const form = new FormData();
      form.append("file", new Blob([big]), "gros.csv");
      const multipart = await post("facilities", form, await admin());
      expect([multipart.status, await multipart.json()]).toEqual([413, { error: expect.stringMatching(/^Fichier trop volumineux/) }]);
      expect(await digest()).toEqual(before);
    });

    it("404 for an unknown kind, 415 for an unknown content type, 400 for a multipart body without a file", async () => {
      const unknown = await post("piscines", "x", { "content-type": "text/csv", ...(await admin()) });
      expect([unknown.status, await unknown.json()]).toEqual([
        404,
        { error: expect.stringMatching(/^Type d'import inconnu « piscines » : conventions, actions/) },
      ]);
      const form = await post("facilities", "kind=EAJE", { "content-type": "application/x-www-form-urlencoded", ...(await admin()) });
      expect([form.status, await form.json()]).toEqual([
        415,
        { error: expect.stringMatching(/^Type de contenu « application\/x-www-form-urlencoded » non pris en charge/) },
      ]);
      const fields = new FormData();
      fields.append("dryRun", "true");
      const noFile = await post("facilities", fields, await admin());
      expect([noFile.status, await noFile.json()]).toEqual([400, { error: expect.stringMatching(/^Champ « dryRun » inattendu/) }]);
    });
  });

  describe("a file of data.caf.fr as published", () => {
    /** Published headers (s_ben_com_f), test values. */
    const CAF = "dtreffre;numcomdo;nomcom;indfoy_ndur;indnbp_ndur\n2024-12;52121;CHAUMONT;5320;11985\n2024-12;52448;SAINT-DIZIER;s;15210\n";

    it("is read by its own columns, in the agent's départements only", async () => {
      const response = await asCsv(Role.CAF_AGENT, "indicators", CAF, { departments: ["52"] });
      const answer = (await response.json()) as ImportAnswer;
      expect([response.status, answer.status, answer.counts[0]?.created]).toEqual([200, "applied", 3]);
      expect(answer.skipped).toContainEqual({ reason: expect.stringMatching(/^valeurs masquées/), count: 1 });
      expect(answer.summary).toContain("Non repris :");
      // This hub has no vintage loaded: read on today's geography, and said so.
      expect(answer.notices).toEqual([
        expect.objectContaining({
          line: 1,
          column: "dtreffre",
          reason: expect.stringMatching(/^COG 2025 non chargé \(npm run import:geography\)/),
        }),
      ]);
      const before = await digest();
      const elsewhere = await asCsv(Role.CAF_AGENT, "indicators", CAF.replace("52448;SAINT-DIZIER", "19248;SAINT-YBARD"), {
        departments: ["52"],
      });
      const refused = (await elsewhere.json()) as ImportAnswer;
      expect([elsewhere.status, refused.problems.map((p) => [p.line, p.column])]).toEqual([422, [[3, "numcomdo"]]]);
      expect(await digest()).toEqual(before);
    });
  });
});
