import { Role, type Viewer } from "../../src/auth/viewer";
import { markWriteScoped } from "../../src/auth/write-scope";
import { inWriteTransaction } from "../../src/db/write";
import { makeAssociation, makeIntercommunalConvention } from "../helpers/factories";
import { graphqlClient } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

const user = (role: Role, departments: string[] = [], associationId: number | null = null): Viewer => ({
  kind: "user",
  subject: `${role.toLowerCase()}-test`,
  role,
  national: role !== Role.PARTNER && departments.length === 0,
  departments,
  associationId,
});

/** Every role's allowed writes succeed; forbidden ones fail with the right code and change nothing. */
describe("writes, roles and audit", () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  const admin = user(Role.ADMIN);
  const agent52 = user(Role.CAF_AGENT, ["52"]);
  const analyst = user(Role.ANALYST);
  /** An EPCI of Haute-Marne without a CTG in the reference cases. */
  let HOLDER: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource);
    [{ siren: HOLDER }] = await db.dataSource.query(
      `SELECT DISTINCT intercommunality_siren AS siren FROM commune WHERE department_code = '52' AND intercommunality_siren <> '200044253' ORDER BY 1 LIMIT 1`,
    );
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  /** A digest of the tables writes touch: compared before and after a refused write. */
  const snapshot = () =>
    db.dataSource.query(`SELECT
      (SELECT count(*) FROM convention) AS conventions, (SELECT count(*) FROM convention_commune) AS covered,
      (SELECT count(*) FROM action) AS actions, (SELECT count(*) FROM audit_entry) AS audit,
      (SELECT coalesce(sum(version), 0) FROM convention) AS convention_versions,
      (SELECT coalesce(sum(version), 0) FROM action) AS action_versions,
      (SELECT string_agg(title || status || coalesce(progress, -1), ',' ORDER BY id) FROM action) AS action_state`);

  const CREATE = `mutation ($input: CreateConventionInput!) {
    createConvention(input: $input) { id: databaseId reference version stage coveredCommunes(first: 500) { totalCount } } }`;
  const input = (overrides: Record<string, unknown> = {}) => ({
    reference: `CTG-52-2026-${Math.random().toString(36).slice(2, 8)}`,
    title: "CTG de test",
    department: "52",
    holderKind: "INTERCOMMUNALITY",
    holderCode: HOLDER,
    startsOn: "2026-01-01",
    endsOn: "2030-12-31",
    themes: ["YOUTH"],
    ...overrides,
  });

  it("lets a CAF agent create a convention in its département, covering the holder's members, with an audit entry", async () => {
    const [{ n: members }] = await db.dataSource.query(`SELECT count(*) AS n FROM commune WHERE intercommunality_siren = $1`, [HOLDER]);
    const { data, errors } = await api.run<{
      createConvention: { id: string; version: number; stage: string; coveredCommunes: { totalCount: number } };
    }>(CREATE, { input: input() }, agent52);
    expect(errors).toBeUndefined();
    expect(data!.createConvention).toMatchObject({ version: 1, stage: "IN_PREPARATION", coveredCommunes: { totalCount: members } });
    const audit = await db.dataSource.query(
      `SELECT actor_subject, actor_role, operation FROM audit_entry WHERE entity = 'convention' AND entity_id = $1`,
      [data!.createConvention.id],
    );
    expect(audit).toEqual([{ actor_subject: "caf_agent-test", actor_role: "CAF_AGENT", operation: "CREATE" }]);
  });

  it.each([
    ["an analyst", analyst, {}, "FORBIDDEN"],
    ["an agent outside its département", user(Role.CAF_AGENT, ["30"]), {}, "FORBIDDEN"],
    ["an anonymous caller", { kind: "anonymous" } as Viewer, {}, "FORBIDDEN"],
    ["an end before the start", admin, { endsOn: "2025-12-31" }, "BAD_USER_INPUT"],
    ["an unknown covered commune", admin, { coveredCommunes: ["52999"] }, "BAD_USER_INPUT"],
    ["a title too short", admin, { title: "X" }, "BAD_USER_INPUT"],
    ["a duplicate reference", admin, { reference: "CTG-52-2023-200044253" }, "BAD_USER_INPUT"],
  ])("refuses a creation by %s and leaves the database unchanged", async (_label, viewer, overrides, code) => {
    const before = await snapshot();
    const { errors } = await api.run(CREATE, { input: input(overrides) }, viewer);
    expect(errors?.[0].extensions?.code).toBe(code);
    expect(await snapshot()).toEqual(before);
  });

  it("names the field in a validation error", async () => {
    const { errors } = await api.run(CREATE, { input: input({ endsOn: "2025-12-31" }) }, admin);
    expect(errors?.[0].extensions).toMatchObject({ argument: "endsOn" });
    const short = await api.run(CREATE, { input: input({ title: "X" }) }, admin);
    expect(short.errors?.[0].message).toMatch(/title/);
  });

  it("refuses a stale version with CONFLICT and writes nothing", async () => {
    const { id } = await makeIntercommunalConvention(db.dataSource.manager, "200044253");
    const update = (version: number, title: string) =>
      api.run<{ updateConvention: { version: number } }>(
        `mutation ($id: ID!, $v: Int!, $t: String) { updateConvention(id: $id, version: $v, input: { title: $t }) { version title } }`,
        { id: String(id), v: version, t: title },
        agent52,
      );
    expect((await update(1, "Première modification")).data!.updateConvention.version).toBe(2);
    const before = await snapshot();
    const stale = await update(1, "Modification sur une version périmée");
    expect(stale.errors?.[0].extensions?.code).toBe("CONFLICT");
    expect(await snapshot()).toEqual(before);
  });

  it("lets exactly one of two concurrent updates of the same version win", async () => {
    const { id } = await makeIntercommunalConvention(db.dataSource.manager, "200044253");
    const update = (title: string) =>
      api.run(
        `mutation ($id: ID!, $t: String) { updateConvention(id: $id, version: 1, input: { title: $t }) { version } }`,
        { id: String(id), t: title },
        agent52,
      );
    const results = await Promise.all([update("Éditeur A"), update("Éditeur B")]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0].extensions?.code === "CONFLICT")).toHaveLength(1);
    const [{ version }] = await db.dataSource.query(`SELECT version FROM convention WHERE id = $1`, [id]);
    expect(version).toBe(2);
  });

  it("renews a convention: the successor keeps territory, communes and signatories, and the chain is readable both ways", async () => {
    const { data: found } = await api.run<{ convention: { id: string; version: number } }>(
      `{ convention(reference: "CTG-52-2023-200044253") { id version } }`,
    );
    // biome-ignore lint/suspicious/noExplicitAny: a deep answer read loosely, its shape checked by the assertions below
    const { data, errors } = await api.run<{ renewConvention: Record<string, any> }>(
      `mutation ($id: ID!, $v: Int!) { renewConvention(id: $id, version: $v, input: { reference: "CTG-52-2028-200044253", startsOn: "2028-01-01", endsOn: "2032-12-31" }) {
        reference stage isRenewal predecessor { reference successor { reference } }
        holder { ... on Intercommunality { siren } } coveredCommunes(first: 500) { totalCount } signatories { name } } }`,
      { id: found!.convention.id, v: found!.convention.version },
      agent52,
    );
    expect(errors).toBeUndefined();
    expect(data!.renewConvention).toMatchObject({
      reference: "CTG-52-2028-200044253",
      stage: "IN_PREPARATION",
      isRenewal: true,
      predecessor: { reference: "CTG-52-2023-200044253", successor: { reference: "CTG-52-2028-200044253" } },
      holder: { siren: "200044253" },
      coveredCommunes: { totalCount: 59 },
    });
    expect(data!.renewConvention.signatories).toHaveLength(5);
  });

  describe("partners", () => {
    let actionId: number;
    let operator: Viewer;
    let other: Viewer;
    beforeAll(async () => {
      const { id: conventionId } = await makeIntercommunalConvention(db.dataSource.manager, "200044253", { actions: 1 });
      [{ id: actionId }] = await db.dataSource.query(`SELECT id FROM action WHERE convention_id = $1`, [conventionId]);
      const operatorId = await makeAssociation(db.dataSource.manager, "52");
      const otherId = await makeAssociation(db.dataSource.manager, "52");
      await db.dataSource.query(`INSERT INTO partnership (association_id, action_id, role) VALUES ($1, $2, 'OPERATOR')`, [
        operatorId,
        actionId,
      ]);
      operator = user(Role.PARTNER, [], operatorId);
      other = user(Role.PARTNER, [], otherId);
    });
    const progress = (viewer: Viewer, version: number, value: number) =>
      api.run<{ updateActionProgress: { progress: number; version: number } }>(
        `mutation ($id: ID!, $v: Int!, $p: Int) { updateActionProgress(id: $id, version: $v, input: { progress: $p, status: IN_PROGRESS }) { progress version } }`,
        { id: String(actionId), v: version, p: value },
        viewer,
      );

    it("lets the operating partner report progress", async () => {
      const { data, errors } = await progress(operator, 1, 40);
      expect(errors).toBeUndefined();
      expect(data!.updateActionProgress).toEqual({ progress: 40, version: 2 });
    });

    it("refuses another association's partner and changes nothing", async () => {
      const before = await snapshot();
      const { errors } = await progress(other, 2, 90);
      expect(errors?.[0].extensions?.code).toBe("FORBIDDEN");
      expect(await snapshot()).toEqual(before);
    });

    it("is backed by row-level security: a forgotten check still updates nothing", async () => {
      const affected = await inWriteTransaction(db.dataSource.manager, other, (tx) => {
        markWriteScoped(tx); // as if a check had wrongly let it through
        return tx.query(`UPDATE action SET progress = 99 WHERE id = $1`, [actionId]);
      });
      expect(affected[1]).toBe(0);
      const [{ progress: stored }] = await db.dataSource.query(`SELECT progress FROM action WHERE id = $1`, [actionId]);
      expect(stored).toBe(40);
    });

    it("never carries a partner's setting or role over to the next use of the connection", async () => {
      const runner = db.dataSource.createQueryRunner();
      try {
        await runner.startTransaction();
        await runner.query(`SET LOCAL ROLE ctg_hub_app`);
        await runner.query(`SELECT set_config('ctg_hub.association_id', '123', true)`);
        expect((await runner.query(`SELECT current_setting('ctg_hub.association_id', true) AS v`))[0].v).toBe("123");
        await runner.commitTransaction();
        const [after] = await runner.query(
          `SELECT coalesce(current_setting('ctg_hub.association_id', true), '') AS setting, current_user AS role`,
        );
        expect(after.setting).toBe("");
        expect(after.role).not.toBe("ctg_hub_app");
      } finally {
        await runner.release();
      }
    });

    it("hides contact details from anonymous callers and shows them to the association and to CAF staff", async () => {
      // TypeORM answers an UPDATE with [rows, affected count]
      const [[{ id }]] = await db.dataSource.query(
        `UPDATE partner_association SET contact_email = 'contact@exemple.fr', commune_code = '52250' WHERE id = $1 RETURNING id`,
        [operator.kind === "user" ? operator.associationId : 0],
      );
      const query = `{ associations(filter: { commune: "52250" }) { edges { node { id: databaseId contactEmail } } } }`;
      const anonymous = await api.run(query);
      expect(anonymous.errors?.[0].extensions?.code).toBe("FORBIDDEN");
      const ownQuery = `query ($rna: String) { associations(filter: { search: $rna }) { edges { node { id contactEmail } } } }`;
      const [{ rna }] = await db.dataSource.query(`SELECT rna FROM partner_association WHERE id = $1`, [id]);
      const own = await api.run<{ associations: { edges: Array<{ node: { contactEmail: string } }> } }>(ownQuery, { rna }, operator);
      expect(own.errors).toBeUndefined();
      expect(own.data!.associations.edges.map((e) => e.node.contactEmail)).toEqual(["contact@exemple.fr"]);
      const otherPartner = await api.run(ownQuery, { rna }, other);
      expect(otherPartner.errors?.[0].extensions?.code).toBe("FORBIDDEN");
      const staff = await api.run<{ associations: { edges: Array<{ node: { id: string; contactEmail: string } }> } }>(
        query,
        undefined,
        agent52,
      );
      expect(staff.errors).toBeUndefined();
      expect(staff.data!.associations.edges.find((e) => e.node.id === String(id))?.node.contactEmail).toBe("contact@exemple.fr");
    });
  });

  it("flags an action whose theme the convention lacks, and records it", async () => {
    const { id } = await makeIntercommunalConvention(db.dataSource.manager, "200044253");
    const { data, errors } = await api.run<{ createAction: { action: { title: string; theme: string }; warnings: string[] } }>(
      `mutation ($c: ID!) { createAction(input: { conventionId: $c, title: "Ateliers numériques", theme: DIGITAL_INCLUSION }) { action { title theme } warnings } }`,
      { c: String(id) },
      agent52,
    );
    expect(errors).toBeUndefined();
    expect(data!.createAction.action.theme).toBe("DIGITAL_INCLUSION");
    expect(data!.createAction.warnings[0]).toMatch(/Inclusion numérique/);
  });

  it("keeps the audit log append-only", async () => {
    const refused = await db.dataSource.query(`DELETE FROM audit_entry`).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(refused).toMatch(/append-only/);
  });
});

describe("reads and writes by ADMIN and ANALYST", () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource);
    await db.dataSource.query(`UPDATE convention SET internal_notes = 'Note interne' WHERE reference = 'CTG-52-2023-200044253'`);
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });
  const NOTES = `{ convention(reference: "CTG-52-2023-200044253") { internalNotes } }`;

  it("lets an ANALYST of the département read internal notes, and refuses one of another département", async () => {
    const own = await api.run<{ convention: { internalNotes: string } }>(NOTES, undefined, user(Role.ANALYST, ["52"]));
    expect(own.data!.convention.internalNotes).toBe("Note interne");
    const other = await api.run(NOTES, undefined, user(Role.ANALYST, ["30"]));
    expect(other.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const anonymous = await api.run(NOTES);
    expect(anonymous.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("lets an ADMIN write anywhere", async () => {
    const { data, errors } = await api.run<{ signConvention: { stage: string; signedOn: string } }>(
      `mutation ($id: ID!) { signConvention(id: $id, version: 1, signedOn: "2022-07-01") { stage signedOn } }`,
      { id: (await db.dataSource.query(`SELECT id FROM convention WHERE reference = 'CTG-30-2022-200066918'`))[0].id },
      user(Role.ADMIN),
    );
    expect(errors).toBeUndefined();
    expect(data!.signConvention).toEqual({ stage: "SIGNED", signedOn: "2022-07-01" });
  });
});

describe("audit log scope", () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource);
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  it("shows a convention's trail to the agents of its département only", async () => {
    const [{ id }] = await db.dataSource.query(`SELECT id FROM convention WHERE reference = 'CTG-52-2023-200044253'`);
    const query = `query ($id: String!) { auditLog(entity: "convention", id: $id) { totalCount } }`;
    const own = await api.run(query, { id: String(id) }, user(Role.CAF_AGENT, ["52"]));
    expect(own.errors).toBeUndefined();
    const other = await api.run(query, { id: String(id) }, user(Role.CAF_AGENT, ["30"]));
    expect(other.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });
});
