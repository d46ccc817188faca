import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT } from "jose";
import { mintToken, tokenConfig } from "../../src/auth/tokens";
import { ANONYMOUS, Role, type Viewer } from "../../src/auth/viewer";
import { buildHubSchema } from "../../src/server/schema";
import { createHubServer, type HubServer } from "../../src/server/app";
import { makeAssociation, makeIntercommunalConvention } from "../helpers/factories";
import { graphqlClient, type GraphQLResult } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

const user = (role: Role, departments: string[] = [], associationId: number | null = null): Viewer => ({
  kind: "user",
  subject: `${role.toLowerCase()}-test`,
  role,
  national: role !== Role.PARTNER && departments.length === 0,
  departments,
  associationId,
});

/** A digest of every table the association writes touch: compared before and after a refused write. */
interface Snapshot {
  associations: string;
  association_rows: string | null;
  partnerships: string;
  partnership_rows: string | null;
  audit: string;
  last_audit: string | null;
}

interface AuditRow {
  id: number;
  actor_subject: string;
  actor_role: string;
  operation: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

interface AssociationRow {
  id: number;
  name: string;
  rna: string | null;
  siren: string | null;
  commune_code: string | null;
  contact_email: string | null;
  version: number;
}

interface PartnershipRow {
  id: number;
  association_id: number;
  convention_id: number | null;
  action_id: number | null;
  role: string;
}

interface CreatedAssociation {
  id: string;
  name: string;
  rna: string | null;
  siren: string | null;
  communeCode: string | null;
  version: number;
  contactEmail: string | null;
}

interface AuditPage {
  auditLog: {
    edges: Array<{
      cursor: string;
      node: {
        id: string;
        operation: string;
        actorRole: string;
        before: Record<string, unknown> | null;
        after: Record<string, unknown> | null;
      };
    }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const CREATE = `mutation ($input: CreateAssociationInput!) {
  createAssociation(input: $input) { id: databaseId name rna siren communeCode version contactEmail } }`;
const UPDATE_CONTACT = `mutation ($id: ID!, $v: Int!, $input: AssociationContactInput!) {
  updateAssociationContact(id: $id, version: $v, input: $input) { id: databaseId version contactEmail } }`;
const LINK = `mutation ($input: PartnershipInput!) { linkPartner(input: $input) }`;
const UNLINK = `mutation ($id: ID!) { unlinkPartner(id: $id) }`;
const AUDIT = `query ($entity: String!, $id: String!, $first: Int, $after: String) {
  auditLog(entity: $entity, id: $id, first: $first, after: $after) {
    edges { cursor node { id operation actorRole before after } } pageInfo { hasNextPage endCursor } } }`;

/** Seat of the associations created here: Joinville (Haute-Marne), member of the EPCI 200044253. */
const SEAT = "52250";
/** Luhn-valid SIREN numbers (checked by hand: digit sums 20 and 20). */
const REAL_SIREN = "200044253";
const TAKEN_SIREN = "130025265";
/** RNA numbers of this file only (the factories number theirs from W520000001). */
let rnaSequence = 0;
const freshRna = () => `W529${String(++rnaSequence).padStart(6, "0")}`;

describe("association writes, partnerships and the audit log", () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  const admin = user(Role.ADMIN);
  const agent52 = user(Role.CAF_AGENT, ["52"]);
  const agent30 = user(Role.CAF_AGENT, ["30"]);
  const analyst = user(Role.ANALYST);

  const sql = <T>(text: string, params: unknown[] = []): Promise<T[]> => db.dataSource.query<T[]>(text, params);

  const snapshot = async (): Promise<Snapshot> => {
    const [row] = await sql<Snapshot>(`SELECT
      (SELECT count(*) FROM partner_association)::text AS associations,
      (SELECT string_agg(row_to_json(a)::text, ',' ORDER BY a.id) FROM partner_association a) AS association_rows,
      (SELECT count(*) FROM partnership)::text AS partnerships,
      (SELECT string_agg(row_to_json(p)::text, ',' ORDER BY p.id) FROM partnership p) AS partnership_rows,
      (SELECT count(*) FROM audit_entry)::text AS audit,
      (SELECT max(id) FROM audit_entry)::text AS last_audit`);
    return row;
  };

  const auditOf = (entity: string, id: number | string) =>
    sql<AuditRow>(
      `SELECT id, actor_subject, actor_role, operation, before, after FROM audit_entry WHERE entity = $1 AND entity_id = $2 ORDER BY id`,
      [entity, String(id)],
    );

  const associationRow = async (id: number | string): Promise<AssociationRow | undefined> =>
    (
      await sql<AssociationRow>(
        `SELECT id, name, rna, siren, commune_code, contact_email, version FROM partner_association WHERE id = $1`,
        [Number(id)],
      )
    )[0];

  const input = (overrides: Record<string, unknown> = {}) => ({
    name: "Association de test",
    rna: freshRna(),
    communeCode: SEAT,
    themes: ["YOUTH"],
    ...overrides,
  });

  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource);
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  it("uses a seat in Haute-Marne and a commune code that does not exist (fixture check)", async () => {
    expect(await sql(`SELECT department_code FROM commune WHERE code = $1`, [SEAT])).toEqual([{ department_code: "52" }]);
    expect(await sql(`SELECT code FROM commune WHERE code = '52999'`)).toEqual([]);
  });

  describe("createAssociation", () => {
    let takenRna: string;
    beforeAll(async () => {
      const id = await makeAssociation(db.dataSource.manager, "52");
      [{ rna: takenRna }] = await sql<{ rna: string }>(`SELECT rna FROM partner_association WHERE id = $1`, [id]);
      await sql(`INSERT INTO partner_association (name, siren, themes) VALUES ('Association au SIREN pris', $1, '{YOUTH}')`, [TAKEN_SIREN]);
    });

    it("lets a CAF agent of the seat's département create an association, with a CREATE audit entry naming the agent", async () => {
      const before = await snapshot();
      const rna = freshRna();
      const { data, errors } = await api.run<{ createAssociation: CreatedAssociation }>(
        CREATE,
        { input: input({ name: "Centre social de Joinville", rna, contactEmail: "contact@joinville.example.fr" }) },
        agent52,
      );
      expect(errors).toBeUndefined();
      const created = data!.createAssociation;
      const stored = await associationRow(created.id);
      expect(stored).toEqual({
        id: Number(created.id),
        name: "Centre social de Joinville",
        rna,
        siren: null,
        commune_code: SEAT,
        contact_email: "contact@joinville.example.fr",
        version: 1,
      });
      expect(created).toEqual({
        id: String(stored!.id),
        name: stored!.name,
        rna: stored!.rna,
        siren: null,
        communeCode: stored!.commune_code,
        version: stored!.version,
        contactEmail: stored!.contact_email,
      });
      const audit = await auditOf("partner_association", created.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_subject: "caf_agent-test", actor_role: "CAF_AGENT", operation: "CREATE", before: null });
      expect(audit[0].after).toMatchObject({ id: stored!.id, rna, commune_code: SEAT, contact_email: "contact@joinville.example.fr" });
      const after = await snapshot();
      expect(Number(after.associations)).toBe(Number(before.associations) + 1);
      expect(Number(after.audit)).toBe(Number(before.audit) + 1);
    });

    it("accepts a real SIREN whose Luhn key is valid, without an RNA", async () => {
      const { data, errors } = await api.run<{ createAssociation: CreatedAssociation }>(
        CREATE,
        { input: input({ rna: null, siren: REAL_SIREN }) },
        agent52,
      );
      expect(errors).toBeUndefined();
      expect(await associationRow(data!.createAssociation.id)).toMatchObject({ rna: null, siren: REAL_SIREN });
    });

    it.each<[string, () => Record<string, unknown>, string]>([
      ["a malformed RNA", () => ({ rna: "W12345" }), "rna"],
      ["a SIREN with a wrong Luhn key", () => ({ rna: null, siren: "200044254" }), "siren"],
      ["neither RNA nor SIREN", () => ({ rna: null, siren: null }), "rna"],
      ["an unknown commune", () => ({ communeCode: "52999" }), "communeCode"],
      ["a malformed commune code", () => ({ communeCode: "5225" }), "communeCode"],
      ["an RNA already registered", () => ({ rna: takenRna }), "rna"],
      ["a SIREN already registered", () => ({ rna: null, siren: TAKEN_SIREN }), "siren"],
      ["a malformed email", () => ({ contactEmail: "pas-un-courriel" }), "contactEmail"],
    ])("refuses %s with BAD_USER_INPUT naming the field and leaves the database unchanged", async (_label, overrides, argument) => {
      const before = await snapshot();
      const { data, errors } = await api.run(CREATE, { input: input(overrides()) }, agent52);
      expect(data ?? null).toBeNull();
      expect(errors).toHaveLength(1);
      expect(errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
      expect(await snapshot()).toEqual(before);
    });

    it("explains a malformed email with class-validator's message", async () => {
      const { errors } = await api.run(CREATE, { input: input({ contactEmail: "pas-un-courriel" }) }, agent52);
      expect(errors?.[0].message).toMatch(/contactEmail/);
      expect(errors?.[0].extensions?.fields).toEqual(["contactEmail"]);
    });

    it.each<[string, Viewer]>([
      ["an analyst", analyst],
      ["an anonymous caller", ANONYMOUS],
      ["a CAF agent of another département", agent30],
      ["a partner", user(Role.PARTNER, [], 1)],
    ])("refuses a creation by %s with FORBIDDEN and leaves the database unchanged", async (_label, viewer) => {
      const before = await snapshot();
      const { data, errors } = await api.run(CREATE, { input: input() }, viewer);
      expect(data ?? null).toBeNull();
      expect(errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe("updateAssociationContact", () => {
    let targetId: number;
    let partner: Viewer;
    let otherPartner: Viewer;
    let version: number;
    beforeAll(async () => {
      targetId = await makeAssociation(db.dataSource.manager, "52");
      await sql(`UPDATE partner_association SET commune_code = $2, contact_email = 'avant@exemple.fr' WHERE id = $1`, [targetId, SEAT]);
      partner = user(Role.PARTNER, [], targetId);
      otherPartner = user(Role.PARTNER, [], await makeAssociation(db.dataSource.manager, "52"));
      version = (await associationRow(targetId))!.version;
    });
    const update = (viewer: Viewer, v: number, email: string) =>
      api.run<{ updateAssociationContact: { id: string; version: number; contactEmail: string } }>(
        UPDATE_CONTACT,
        { id: String(targetId), v, input: { contactEmail: email } },
        viewer,
      );

    it("lets the association's own partner update its contact and bumps the version", async () => {
      const { data, errors } = await update(partner, version, "apres@exemple.fr");
      expect(errors).toBeUndefined();
      expect(await associationRow(targetId)).toMatchObject({ contact_email: "apres@exemple.fr", version: version + 1 });
      expect(data!.updateAssociationContact).toEqual({ id: String(targetId), version: version + 1, contactEmail: "apres@exemple.fr" });
    });

    it("records the values before the change in the audit log", async () => {
      const audit = (await auditOf("partner_association", targetId)).filter((e) => e.operation === "UPDATE");
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_subject: "partner-test", actor_role: "PARTNER" });
      expect(audit[0].before).toMatchObject({ id: targetId, contact_email: "avant@exemple.fr", version });
    });

    // Bug in src/db/versioned.ts updateVersioned: TypeORM answers an UPDATE with [rows, affected count], so
    // `rows[0].row` is undefined and every UPDATE audit entry is written with `after` = null.
    it("records the values after the change in the audit log", async () => {
      const audit = (await auditOf("partner_association", targetId)).filter((e) => e.operation === "UPDATE");
      expect(audit).toHaveLength(1);
      expect(audit[0].after).toMatchObject({ id: targetId, contact_email: "apres@exemple.fr", version: version + 1 });
    });

    it("refuses another association's partner with FORBIDDEN and changes nothing", async () => {
      const before = await snapshot();
      const { errors } = await update(otherPartner, version + 1, "pirate@exemple.fr");
      expect(errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
      expect(await snapshot()).toEqual(before);
      expect(await associationRow(targetId)).toMatchObject({ contact_email: "apres@exemple.fr", version: version + 1 });
    });

    it("refuses a stale version with CONFLICT and changes nothing", async () => {
      const before = await snapshot();
      const { errors } = await update(partner, version, "perime@exemple.fr");
      expect(errors?.map((e) => e.extensions?.code)).toEqual(["CONFLICT"]);
      expect(await snapshot()).toEqual(before);
      expect(await associationRow(targetId)).toMatchObject({ contact_email: "apres@exemple.fr", version: version + 1 });
    });

    it("lets a CAF agent of the seat's département update it, and refuses one of another département", async () => {
      const before = await snapshot();
      const refused = await update(agent30, version + 1, "ailleurs@exemple.fr");
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
      expect(await snapshot()).toEqual(before);
      const { errors } = await update(agent52, version + 1, "caf@exemple.fr");
      expect(errors).toBeUndefined();
      expect(await associationRow(targetId)).toMatchObject({ contact_email: "caf@exemple.fr", version: version + 2 });
    });
  });

  describe("linkPartner and unlinkPartner", () => {
    let conventionId: number;
    let actionId: number;
    let associationId: number;
    let actionLinkId: string;
    beforeAll(async () => {
      ({ id: conventionId } = await makeIntercommunalConvention(db.dataSource.manager, "200044253", { actions: 1 }));
      [{ id: actionId }] = await sql<{ id: number }>(`SELECT id FROM action WHERE convention_id = $1`, [conventionId]);
      associationId = await makeAssociation(db.dataSource.manager, "52");
    });
    const partnership = (id: number | string) =>
      sql<PartnershipRow>(`SELECT id, association_id, convention_id, action_id, role FROM partnership WHERE id = $1`, [Number(id)]);

    it("uses a convention of Haute-Marne (fixture check)", async () => {
      expect(await sql(`SELECT department_code FROM convention WHERE id = $1`, [conventionId])).toEqual([{ department_code: "52" }]);
    });

    it("lets a CAF agent of the département link an association to an action, with an audit entry", async () => {
      const { data, errors } = await api.run<{ linkPartner: string }>(
        LINK,
        { input: { associationId: String(associationId), actionId: String(actionId), role: "OPERATOR" } },
        agent52,
      );
      expect(errors).toBeUndefined();
      actionLinkId = data!.linkPartner;
      expect(await partnership(actionLinkId)).toEqual([
        { id: Number(actionLinkId), association_id: associationId, convention_id: null, action_id: actionId, role: "OPERATOR" },
      ]);
      const audit = await auditOf("partnership", actionLinkId);
      expect(audit.map(({ actor_role, operation, before }) => ({ actor_role, operation, before }))).toEqual([
        { actor_role: "CAF_AGENT", operation: "CREATE", before: null },
      ]);
      expect(audit[0].after).toMatchObject({ id: Number(actionLinkId), association_id: associationId, action_id: actionId });
    });

    it("lets a CAF agent of the département link an association to a convention", async () => {
      const { data, errors } = await api.run<{ linkPartner: string }>(
        LINK,
        { input: { associationId: String(associationId), conventionId: String(conventionId), role: "SIGNATORY" } },
        agent52,
      );
      expect(errors).toBeUndefined();
      expect(await partnership(data!.linkPartner)).toEqual([
        { id: Number(data!.linkPartner), association_id: associationId, convention_id: conventionId, action_id: null, role: "SIGNATORY" },
      ]);
    });

    it.each<[string, () => Record<string, unknown>, string]>([
      [
        "both a convention and an action",
        () => ({ conventionId: String(conventionId), actionId: String(actionId), role: "CONTRIBUTOR" }),
        "conventionId",
      ],
      ["neither a convention nor an action", () => ({ role: "CONTRIBUTOR" }), "conventionId"],
      ["a link that already exists", () => ({ actionId: String(actionId), role: "OPERATOR" }), "associationId"],
    ])("refuses %s with BAD_USER_INPUT and changes nothing", async (_label, target, argument) => {
      const before = await snapshot();
      const { errors } = await api.run(LINK, { input: { associationId: String(associationId), ...target() } }, agent52);
      expect(errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
      expect(await snapshot()).toEqual(before);
    });

    it.each<[string, () => Viewer]>([
      ["the association's own partner", () => user(Role.PARTNER, [], associationId)],
      ["a CAF agent of another département", () => agent30],
      ["an analyst", () => analyst],
    ])("refuses a link by %s with FORBIDDEN and changes nothing", async (_label, viewer) => {
      const before = await snapshot();
      const { errors } = await api.run(
        LINK,
        { input: { associationId: String(associationId), actionId: String(actionId), role: "CONTRIBUTOR" } },
        viewer(),
      );
      expect(errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
      expect(await snapshot()).toEqual(before);
    });

    it("refuses an unlink by a partner with FORBIDDEN and changes nothing", async () => {
      const before = await snapshot();
      const { errors } = await api.run(UNLINK, { id: actionLinkId }, user(Role.PARTNER, [], associationId));
      expect(errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
      expect(await snapshot()).toEqual(before);
    });

    it("unlinks with a DELETE audit entry holding the removed row", async () => {
      const { data, errors } = await api.run<{ unlinkPartner: string }>(UNLINK, { id: actionLinkId }, agent52);
      expect(errors).toBeUndefined();
      expect(data!.unlinkPartner).toBe(actionLinkId);
      expect(await partnership(actionLinkId)).toEqual([]);
      const audit = await auditOf("partnership", actionLinkId);
      expect(audit.map((e) => e.operation)).toEqual(["CREATE", "DELETE"]);
      expect(audit[1]).toMatchObject({ actor_subject: "caf_agent-test", actor_role: "CAF_AGENT", after: null });
      expect(audit[1].before).toMatchObject({
        id: Number(actionLinkId),
        association_id: associationId,
        action_id: actionId,
        role: "OPERATOR",
      });
    });
  });

  describe("auditLog", () => {
    let associationId: string;
    /** The association's audit entries as the table holds them, most recent first. */
    let expected: AuditRow[];
    beforeAll(async () => {
      const created = await api.run<{ createAssociation: CreatedAssociation }>(CREATE, { input: input() }, agent52);
      associationId = created.data!.createAssociation.id;
      for (const [v, email] of [
        [1, "un@exemple.fr"],
        [2, "deux@exemple.fr"],
      ] as const) {
        const { errors } = await api.run(UPDATE_CONTACT, { id: associationId, v, input: { contactEmail: email } }, agent52);
        expect(errors).toBeUndefined();
      }
      expected = (await auditOf("partner_association", associationId)).reverse();
    });

    it("holds three entries for the association (fixture check)", () => {
      expect(expected.map((e) => e.operation)).toEqual(["UPDATE", "UPDATE", "CREATE"]);
    });

    it.each<[string, Viewer]>([
      ["an administrator", admin],
      ["a CAF agent", agent52],
    ])("lets %s page through the entries, most recent first", async (_label, viewer) => {
      const seen: Array<{ id: string; operation: string; before: Record<string, unknown> | null }> = [];
      let after: string | null = null;
      for (let page = 0; page < expected.length + 1; page++) {
        const result: GraphQLResult<AuditPage> = await api.run<AuditPage>(
          AUDIT,
          { entity: "partner_association", id: associationId, first: 1, after },
          viewer,
        );
        expect(result.errors).toBeUndefined();
        const { edges, pageInfo } = result.data!.auditLog;
        expect(edges).toHaveLength(1);
        seen.push({ id: edges[0].node.id, operation: edges[0].node.operation, before: edges[0].node.before });
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
      expect(seen.map(({ id, operation }) => ({ id, operation }))).toEqual(
        expected.map((e) => ({ id: String(e.id), operation: e.operation })),
      );
      expect(seen[0].before).toMatchObject({ contact_email: "un@exemple.fr", version: 2 });
    });

    // Same bug as above (src/db/versioned.ts updateVersioned): the latest UPDATE entry has `after` = null.
    it("returns the values after an update", async () => {
      const { data, errors } = await api.run<AuditPage>(AUDIT, { entity: "partner_association", id: associationId, first: 1 }, admin);
      expect(errors).toBeUndefined();
      expect(data!.auditLog.edges[0].node).toMatchObject({ id: String(expected[0].id), operation: "UPDATE" });
      expect(data!.auditLog.edges[0].node.after).toMatchObject({ contact_email: "deux@exemple.fr", version: 3 });
    });

    it("refuses an analyst with FORBIDDEN", async () => {
      const { data, errors } = await api.run(AUDIT, { entity: "partner_association", id: associationId }, analyst);
      expect(data ?? null).toBeNull();
      expect(errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
    });

    it("refuses an anonymous caller with UNAUTHENTICATED", async () => {
      const { data, errors } = await api.run(AUDIT, { entity: "partner_association", id: associationId }, ANONYMOUS);
      expect(data ?? null).toBeNull();
      expect(errors?.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    });
  });

  describe("over HTTP with bearer tokens", () => {
    const SECRET = "a-test-secret-of-at-least-32-characters!";
    let hub: HubServer;
    let server: Server;
    let base: string;
    beforeAll(async () => {
      hub = await createHubServer(db.dataSource, await buildHubSchema(), {
        logger: { error: () => undefined },
        tokens: tokenConfig({ JWT_SECRET: SECRET }),
      });
      server = hub.app.listen(0);
      await new Promise((resolve) => server.once("listening", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
      await hub.stop();
    });

    const post = async <T>(
      query: string,
      variables: Record<string, unknown>,
      token?: string,
    ): Promise<{ status: number; body: GraphQLResult<T> }> => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await fetch(`${base}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
      return { status: response.status, body: (await response.json()) as GraphQLResult<T> };
    };

    it("lets a CAF agent's token create an association, audited under the token's subject", async () => {
      const token = await mintToken(SECRET, { subject: "agent-http-52", role: Role.CAF_AGENT, departments: ["52"] });
      const rna = freshRna();
      const { status, body } = await post<{ createAssociation: CreatedAssociation }>(CREATE, { input: input({ rna }) }, token);
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const id = body.data!.createAssociation.id;
      expect(await associationRow(id)).toMatchObject({ rna, commune_code: SEAT });
      expect(
        (await auditOf("partner_association", id)).map(({ actor_subject, actor_role, operation }) => ({
          actor_subject,
          actor_role,
          operation,
        })),
      ).toEqual([{ actor_subject: "agent-http-52", actor_role: "CAF_AGENT", operation: "CREATE" }]);
    });

    it("refuses the same mutation without a token with FORBIDDEN and writes nothing", async () => {
      const before = await snapshot();
      const { body } = await post(CREATE, { input: input() });
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
      expect(await snapshot()).toEqual(before);
    });

    it("refuses an expired token with UNAUTHENTICATED (HTTP 401) and writes nothing", async () => {
      const expired = await new SignJWT({ role: Role.ADMIN })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject("admin-expired")
        .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
        .sign(new TextEncoder().encode(SECRET));
      const before = await snapshot();
      const { status, body } = await post(CREATE, { input: input() }, expired);
      expect(status).toBe(401);
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
      expect(await snapshot()).toEqual(before);
    });

    it("treats an ADMIN token signed with another secret as anonymous", async () => {
      const forged = await mintToken("another-secret-of-at-least-32-characters", { subject: "forger", role: Role.ADMIN });
      const before = await snapshot();
      const write = await post(CREATE, { input: input() }, forged);
      expect(write.body.errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
      expect(await snapshot()).toEqual(before);
      // The audit log answers an anonymous caller UNAUTHENTICATED, and the same ADMIN claims, well signed, are let in.
      const [{ entity_id: audited }] = await sql<{ entity_id: string }>(
        `SELECT entity_id FROM audit_entry WHERE entity = 'partner_association' ORDER BY id DESC LIMIT 1`,
      );
      const entries = (await auditOf("partner_association", audited)).map((e) => String(e.id)).reverse();
      const read = await post(AUDIT, { entity: "partner_association", id: audited }, forged);
      expect(read.body.errors?.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
      const genuine = await mintToken(SECRET, { subject: "forger", role: Role.ADMIN });
      const allowed = await post<AuditPage>(AUDIT, { entity: "partner_association", id: audited }, genuine);
      expect(allowed.body.errors).toBeUndefined();
      expect(allowed.body.data!.auditLog.edges.map((e) => e.node.id)).toEqual(entries);
    });

    it("answers introspection without a token", async () => {
      const { status, body } = await post<{ __schema: { queryType: { name: string } } }>(`{ __schema { queryType { name } } }`, {});
      expect(status).toBe(200);
      expect(body).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
    });
  });
});
