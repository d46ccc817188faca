import { Role, type Viewer } from "../../src/auth/viewer";
import { commandLineViewer, runImport } from "../../src/import/importer";
import { formatReport, type ImportReport } from "../../src/import/report";
import { graphqlClient } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * Former commune codes on the write side (issue 20): a mutation or an import given a merged, delegated or associated
 * commune's code stores the current commune it leads to and says so; a convention keeps the codes it was signed on.
 * Argentolles (52018) is a commune déléguée of Colombey-les-Deux-Églises (52140) in the package's 2026 geography.
 */
const ARGENTOLLES = "52018";

const user = (role: Role, departments: string[]): Viewer => ({
  kind: "user",
  subject: `${role.toLowerCase()}-former-codes`,
  role,
  national: false,
  departments,
  associationId: null,
});
const agent52 = user(Role.CAF_AGENT, ["52"]);
const agent66 = user(Role.CAF_AGENT, ["66"]);

const CREATE = `mutation ($input: CreateConventionInput!) {
  createConvention(input: $input) {
    databaseId version holder { ... on Commune { code } }
    coveredCommunes(first: 10) { edges { node { code } } }
    signedFormerCodes { code kind name commune { code } }
  }
}`;
const SET_COVERED = `mutation ($id: ID!, $v: Int!, $c: [String!]) {
  setCoveredCommunes(id: $id, version: $v, communes: $c) {
    version coveredCommunes(first: 10) { edges { node { code } } } signedFormerCodes { code }
  }
}`;

describe("former commune codes in writes", () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  let colombey: { code: string; name: string };
  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource);
    [colombey] = await db.dataSource.query(
      `SELECT c.code::text AS code, c.name FROM commune_former_code f JOIN commune c ON c.code = f.commune_code WHERE f.code = $1`,
      [ARGENTOLLES],
    );
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  const importFile = (kind: ImportReport["kind"], fileName: string, content: string) =>
    runImport(db.dataSource.manager, { kind, fileName, content: Buffer.from(content), viewer: commandLineViewer(fileName) });

  it("stores a convention signed on a former code on the current commune, and keeps the code as signed", async () => {
    expect(colombey.code).toBe("52140");
    const { data, errors } = await api.run<{
      createConvention: {
        databaseId: string;
        version: number;
        holder: { code: string };
        coveredCommunes: { edges: Array<{ node: { code: string } }> };
        signedFormerCodes: Array<{ code: string; kind: string; name: string; commune: { code: string } }>;
      };
    }>(
      CREATE,
      {
        input: {
          reference: "CTG-52-FORMER-1",
          title: "CTG signée sur un ancien code",
          department: "52",
          holderKind: "COMMUNE",
          holderCode: ARGENTOLLES,
          coveredCommunes: [ARGENTOLLES, colombey.code],
        },
      },
      agent52,
    );
    expect(errors).toBeUndefined();
    const created = data!.createConvention;
    expect(created.holder).toEqual({ code: colombey.code });
    expect(created.coveredCommunes.edges.map((e) => e.node.code)).toEqual([colombey.code]);
    expect(created.signedFormerCodes).toEqual([
      { code: ARGENTOLLES, kind: "DELEGATED", name: "Argentolles", commune: { code: colombey.code } },
    ]);

    // Replaced without the former code: it is no longer kept; given again, it is.
    const replaced = await api.run<{ setCoveredCommunes: { version: number; signedFormerCodes: unknown[] } }>(
      SET_COVERED,
      { id: created.databaseId, v: created.version, c: [colombey.code] },
      agent52,
    );
    expect(replaced.errors).toBeUndefined();
    expect(replaced.data?.setCoveredCommunes.signedFormerCodes).toEqual([]);
    const again = await api.run<{
      setCoveredCommunes: { coveredCommunes: { edges: Array<{ node: { code: string } }> }; signedFormerCodes: unknown[] };
    }>(SET_COVERED, { id: created.databaseId, v: replaced.data?.setCoveredCommunes.version, c: [ARGENTOLLES] }, agent52);
    expect(again.errors).toBeUndefined();
    expect(again.data?.setCoveredCommunes.coveredCommunes.edges).toEqual([{ node: { code: colombey.code } }]);
    expect(again.data?.setCoveredCommunes.signedFormerCodes).toEqual([{ code: ARGENTOLLES }]);
  });

  it("places a former code where its commune lies for the write scope", async () => {
    const { errors } = await api.run(
      CREATE,
      {
        input: {
          reference: "CTG-66-FORMER",
          title: "CTG des Pyrénées-Orientales",
          department: "66",
          holderKind: "COMMUNE",
          holderCode: "66136",
          coveredCommunes: ["66136", ARGENTOLLES],
        },
      },
      agent66,
    );
    expect(errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(errors?.[0].message).toContain("coveredCommunes");
  });

  it("answers where codes as written lead, in the order given", async () => {
    const { data, errors } = await api.run(`{ communeCodes(codes: ["${ARGENTOLLES}", "52250", "52999"]) {
      code matchedCode matchedName via writtenName } }`);
    expect(errors).toBeUndefined();
    expect(data?.communeCodes).toEqual([
      { code: ARGENTOLLES, matchedCode: colombey.code, matchedName: colombey.name, via: "DELEGATED", writtenName: "Argentolles" },
      { code: "52250", matchedCode: "52250", matchedName: "Joinville", via: null, writtenName: "Joinville" },
      { code: "52999", matchedCode: null, matchedName: null, via: null, writtenName: null },
    ]);
    const bad = await api.run(`{ communeCodes(codes: ["5201"]) { code } }`);
    expect(bad.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0].message).toContain("codes");
  });

  it("imports conventions on former codes, says so by line and column, and changes nothing the second time", async () => {
    const file =
      "reference;title;department;holder_type;holder_code;covered_communes\n" +
      `CTG-52-FORMER-2;CTG importée;52;commune;${colombey.code};${ARGENTOLLES}|${colombey.code}\n`;
    const first = await importFile("conventions", "conventions.csv", file);
    expect(first.problems).toEqual([]);
    expect(first.status).toBe("applied");
    expect(first.notices).toEqual([
      {
        line: 2,
        column: "covered_communes",
        value: ARGENTOLLES,
        reason: `ancien code (commune déléguée Argentolles), lu comme ${colombey.code} ${colombey.name}`,
      },
    ]);
    expect(formatReport(first)).toContain("Lu autrement qu'écrit (1 valeur) :\n  ligne 2, colonne covered_communes, valeur « 52018 »");
    const stored = () =>
      db.dataSource.query(
        `SELECT ARRAY(SELECT cc.commune_code::text FROM convention_commune cc WHERE cc.convention_id = c.id ORDER BY 1) AS communes,
                ARRAY(SELECT s.code::text FROM convention_signed_code s WHERE s.convention_id = c.id ORDER BY 1) AS signed
         FROM convention c WHERE c.reference = 'CTG-52-FORMER-2'`,
      );
    expect(await stored()).toEqual([{ communes: [colombey.code], signed: [ARGENTOLLES] }]);
    const second = await importFile("conventions", "conventions.csv", file);
    expect(second.counts.every((c) => c.created === 0 && c.updated === 0)).toBe(true);
    expect(await stored()).toEqual([{ communes: [colombey.code], signed: [ARGENTOLLES] }]);
  });

  it("imports a facility on a former code once, whichever code a later file uses", async () => {
    const line = (commune: string) => `kind;name;commune\nEAJE;Crèche d'Argentolles;${commune}\n`;
    const first = await importFile("facilities", "eaje.csv", line(ARGENTOLLES));
    expect(first.status).toBe("applied");
    expect(first.noticeCount).toBe(1);
    for (const commune of [ARGENTOLLES, colombey.code]) {
      const again = await importFile("facilities", "eaje.csv", line(commune));
      expect(again.counts.every((c) => c.created === 0 && c.updated === 0)).toBe(true);
    }
    const rows = await db.dataSource.query(`SELECT commune_code::text AS commune FROM facility WHERE name = 'Crèche d''Argentolles'`);
    expect(rows).toEqual([{ commune: colombey.code }]);
  });

  it("stores a signatory's and an association's former code as the current commune", async () => {
    const association = await api.run<{ createAssociation: { commune: { code: string } } }>(
      `mutation { createAssociation(input: { name: "Familles d'Argentolles", rna: "W523000018", communeCode: "${ARGENTOLLES}" }) { commune { code } } }`,
      {},
      agent52,
    );
    expect(association.errors).toBeUndefined();
    expect(association.data?.createAssociation.commune).toEqual({ code: colombey.code });
    const signatories =
      "convention_reference;position;kind;role;name;territory_code\n" +
      `CTG-52-FORMER-2;1;commune;porteur;Commune de Colombey;${ARGENTOLLES}\n`;
    const report = await importFile("signatories", "signataires.csv", signatories);
    expect(report.status).toBe("applied");
    expect(report.notices.map((n) => [n.line, n.column, n.value])).toEqual([[2, "territory_code", ARGENTOLLES]]);
    const [signatory] = await db.dataSource.query(
      `SELECT s.commune_code::text AS commune FROM convention_signatory s JOIN convention c ON c.id = s.convention_id
       WHERE c.reference = 'CTG-52-FORMER-2'`,
    );
    expect(signatory).toEqual({ commune: colombey.code });
  });
});
