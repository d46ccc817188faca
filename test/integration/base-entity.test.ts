import { getMetadataStorage } from "type-graphql";
import { Action } from "../../src/convention/action.entity";
import { Convention } from "../../src/convention/convention.entity";
import { PartnerAssociation } from "../../src/association/partner-association.entity";
import { resolveTypes } from "../../src/graph/compile/columns";
import { RecordedEntity } from "../../src/provenance/recorded.entity";
import { buildHubSchema, sqlTypes } from "../../src/server/schema";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * The shared tail (source, createdAt, updatedAt, version) is declared once, on RecordedEntity. Its
 * fields belong to the base class in type-graphql's metadata, not to each entity: a compiler that
 * matched fields by `target === entity` would leave them out of the SQL mapping, and every compiled
 * read selecting them would silently fall back to the resolvers.
 */
describe("base entity: inherited columns", () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db?.close());

  it("declares the shared fields on the base class only", () => {
    const fields = getMetadataStorage().fields;
    for (const name of ["createdAt", "updatedAt", "version"]) {
      expect(fields.filter((f) => f.target === RecordedEntity && f.name === name)).toHaveLength(1);
      for (const entity of [Convention, Action, PartnerAssociation]) {
        expect(fields.filter((f) => f.target === entity && f.name === name)).toHaveLength(0);
      }
    }
  });

  it("maps the inherited columns of every entity that extends it to SQL", async () => {
    const schema = await buildHubSchema();
    const resolved = resolveTypes(schema, db.dataSource, sqlTypes);
    for (const type of ["Convention", "Action", "PartnerAssociation"]) {
      const fields = resolved.get(type)?.fields;
      // `version` (an Int) is read from its column; the timestamps stay with the resolvers, inherited or
      // not, because to_json writes them in another form than graphql-js does (no JSON-compatible mapping).
      expect({ type, version: fields?.get("version") }).toEqual({
        type,
        version: expect.objectContaining({ kind: "column", column: "version" }),
      });
      expect({ type, createdAt: fields?.get("createdAt") ?? null, updatedAt: fields?.get("updatedAt") ?? null }).toEqual({
        type,
        createdAt: null,
        updatedAt: null,
      });
    }
  });

  it("keeps the table's columns as TypeORM read them before (inherited, same names)", () => {
    for (const entity of [Convention, Action, PartnerAssociation]) {
      const columns = db.dataSource.getMetadata(entity).columns.map((c) => c.databaseName);
      expect(columns).toEqual(expect.arrayContaining(["source_id", "created_at", "updated_at", "version"]));
    }
  });
});
