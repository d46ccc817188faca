import { SignatoryKind, SignatoryRole } from "../../src/convention/convention-enums";
import { REFERENCE_CASES } from "../../src/reference/reference-cases.data";
import { loadReferenceCases } from "../../src/reference/reference-cases.load";
import type { ReferenceCase } from "../../src/reference/reference-cases.types";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * The reference cases are an import of bundled rows: the import kinds' own checks and writes, one transaction,
 * a system actor the audit log names, and a second load that leaves every row as it was.
 */
describe("reference cases loaded as an import", () => {
  const JOINVILLE = "CTG-52-2023-200044253";
  const TABLES = [
    "source",
    "convention",
    "convention_signatory",
    "objective",
    "action",
    "convention_commune",
    "indicator_value",
    "facility",
    "facility_approval",
  ];
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  /** One digest of every row (every column, the version and timestamps too) per table the load writes. */
  const digests = async (): Promise<Record<string, string>> => {
    const [row] = await db.dataSource.query(
      `SELECT ${TABLES.map((t) => `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM ${t} x) AS ${t}`).join(", ")}`,
    );
    return row;
  };
  const auditCount = async (): Promise<number> => (await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry`))[0].n as number;
  /** The dataset with Joinville changed by `change` (a deep copy: the bundled one is left alone). */
  const withJoinville = (change: (joinville: ReferenceCase["conventions"][number]) => void): ReferenceCase[] => {
    const cases = structuredClone(REFERENCE_CASES) as ReferenceCase[];
    const joinville = cases.flatMap((c) => c.conventions).find((c) => c.reference === JOINVILLE);
    if (!joinville) throw new Error("Joinville is missing from the dataset");
    change(joinville);
    return cases;
  };
  const joinvilleChildren = async () => {
    const [row] = await db.dataSource.query(
      `SELECT (SELECT json_agg(json_build_object('id', o.id, 'position', o.position) ORDER BY o.position) FROM objective o WHERE o.convention_id = c.id) AS objectives,
              (SELECT json_agg(json_build_object('id', a.id, 'position', a.position, 'title', a.title) ORDER BY a.position) FROM action a WHERE a.convention_id = c.id) AS actions,
              (SELECT count(*)::int FROM convention_signatory s WHERE s.convention_id = c.id) AS signatories
       FROM convention c WHERE c.reference = $1`,
      [JOINVILLE],
    );
    return row as {
      objectives: Array<{ id: number; position: number }>;
      actions: Array<{ id: number; position: number; title: string }>;
      signatories: number;
    };
  };

  it("changes no row when loaded a second time, and audits nothing", async () => {
    const before = await digests();
    const audited = await auditCount();
    await loadReferenceCases(db.dataSource.manager);
    expect(await digests()).toEqual(before);
    expect(await auditCount()).toBe(audited);
  });

  it("names its system actor in the audit log of every row it created", async () => {
    const written: Array<{ entity: string; actor_subject: string; actor_role: string; n: number }> = await db.dataSource.query(
      `SELECT entity, actor_subject, actor_role, count(*)::int AS n FROM audit_entry WHERE operation = 'CREATE'
       GROUP BY 1, 2, 3 ORDER BY 1`,
    );
    const counts = await db.dataSource.query(`SELECT
      (SELECT count(*) FROM convention)::int AS convention, (SELECT count(*) FROM convention_signatory)::int AS convention_signatory,
      (SELECT count(*) FROM objective)::int AS objective, (SELECT count(*) FROM action)::int AS action,
      (SELECT count(*) FROM facility)::int AS facility, (SELECT count(*) FROM facility_approval)::int AS facility_approval,
      (SELECT count(*) FROM indicator_value)::int AS indicator_value`);
    // The template holds the reference cases alone: every row of these tables was created by the load.
    expect(written).toEqual(
      Object.entries(counts[0] as Record<string, number>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([entity, n]) => ({ entity, actor_subject: "reference-cases", actor_role: "ADMIN", n })),
    );
    const [joinville] = await db.dataSource.query(
      `SELECT a.actor_subject, a.after->>'source_id' AS source_id, s.code
       FROM audit_entry a JOIN convention c ON a.entity_id = c.id::text JOIN source s ON s.id = c.source_id
       WHERE a.entity = 'convention' AND a.operation = 'CREATE' AND c.reference = $1`,
      [JOINVILLE],
    );
    expect(joinville).toMatchObject({ actor_subject: "reference-cases", code: "reference:joinville" });
    expect(joinville.source_id).not.toBeNull();
  });

  it("removes the children the dataset no longer has and keeps the ids of the others", async () => {
    const before = await joinvilleChildren();
    const cases = withJoinville((joinville) => {
      joinville.objectives.pop();
      joinville.actions.splice(5, 2);
      joinville.actions[0].title = "Service satellite mobile (titre revu)";
      joinville.signatories.pop();
    });
    await loadReferenceCases(db.dataSource.manager, cases);
    const after = await joinvilleChildren();
    expect(after.objectives).toEqual(before.objectives.slice(0, 3));
    expect(after.actions.map((a) => a.id)).toEqual(before.actions.slice(0, 5).map((a) => a.id));
    expect(after.actions[0].title).toBe("Service satellite mobile (titre revu)");
    expect(after.signatories).toBe(4);
    const removed = await db.dataSource.query(
      `SELECT entity, actor_subject, count(*)::int AS n FROM audit_entry WHERE operation = 'DELETE' GROUP BY 1, 2 ORDER BY 1`,
    );
    expect(removed).toEqual([
      { entity: "action", actor_subject: "reference-cases", n: 2 },
      { entity: "convention_signatory", actor_subject: "reference-cases", n: 1 },
      { entity: "objective", actor_subject: "reference-cases", n: 1 },
    ]);

    // The bundled dataset again: what was removed comes back (new rows), what was kept is updated in place.
    await loadReferenceCases(db.dataSource.manager);
    const restored = await joinvilleChildren();
    expect(restored.objectives.slice(0, 3)).toEqual(before.objectives.slice(0, 3));
    expect(restored.actions.map((a) => a.title)).toEqual(before.actions.map((a) => a.title));
    expect(restored.actions[0].id).toBe(before.actions[0].id);
    expect(restored.signatories).toBe(5);
  });

  it("refuses a case an import would refuse, naming the row, and writes nothing", async () => {
    const before = await digests();
    // Paris is no commune of the CC du Bassin de Joinville: a commune signatory lies in the convention's territory.
    const cases = withJoinville((joinville) => {
      joinville.signatories.push({
        kind: SignatoryKind.COMMUNE,
        role: SignatoryRole.CO_SIGNATORY,
        name: "Ville de Paris",
        communeCode: "75056",
        signedOn: null,
      });
    });
    await expect(loadReferenceCases(db.dataSource.manager, cases)).rejects.toThrow(/signatories.*(ligne|enregistrement) 6/s);
    expect(await digests()).toEqual(before);
  });
});
