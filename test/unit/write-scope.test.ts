import { Role, type Viewer } from "../../src/auth/viewer";
import { judgeWrite, type Place, type ScopedWrite } from "../../src/auth/write-scope";
import { refKey, type TerritoryRef } from "../../src/auth/write-scope.places";

const user = (role: Role, departments: string[] = [], associationId: number | null = null): Viewer => ({
  kind: "user",
  subject: "test",
  role,
  national: departments.length === 0,
  departments,
  associationId,
});
const agent52 = user(Role.CAF_AGENT, ["52"]);
const admin = user(Role.ADMIN);

const place = (departments: string[], extra: Partial<Place> = {}): Place => ({
  departments,
  memberOf: null,
  holder: null,
  partners: [],
  ...extra,
});

/** A small map: 52 and 66 communes, an EPCI of 66, a cross-border EPCI of 52 and 55, conventions, axes, an action. */
const PLACES = new Map<string, Place>([
  [refKey({ kind: "department", code: "52" }), place(["52"])],
  [refKey({ kind: "department", code: "66" }), place(["66"])],
  [refKey({ kind: "commune", code: "52250" }), place(["52"], { memberOf: "200044253" })],
  [refKey({ kind: "commune", code: "66037" }), place(["66"], { memberOf: "246600464" })],
  [refKey({ kind: "commune", code: "55001" }), place(["55"], { memberOf: "200000001" })],
  [refKey({ kind: "commune", code: "55002" }), place(["55"], { memberOf: "200000009" })],
  [refKey({ kind: "intercommunality", siren: "200044253" }), place(["52"])],
  [refKey({ kind: "intercommunality", siren: "246600464" }), place(["66"])],
  [refKey({ kind: "intercommunality", siren: "200000001" }), place(["52", "55"])],
  [refKey({ kind: "convention", id: 1 }), place(["52"], { holder: "200000001" })],
  [refKey({ kind: "convention", id: 2 }), place(["66"])],
  [refKey({ kind: "sdsfAxis", id: 10 }), place(["52"])],
  [refKey({ kind: "sdsfAxis", id: 20 }), place(["66"])],
  [refKey({ kind: "action", id: 5 }), place(["52"], { partners: [7] })],
  [refKey({ kind: "national" }), place([])],
]);

const commune = (code: string): TerritoryRef => ({ kind: "commune", code });
const codes = (write: ScopedWrite, viewer: Viewer) => judgeWrite(viewer, write, PLACES).map((r) => `${r.field}:${r.code}`);

/** The one decision on where a caller may write and what a record may point to (no database). */
describe("write scope", () => {
  const newConvention = (holder: TerritoryRef, covered: string[] = []): ScopedWrite => ({
    owner: { field: "department", ref: { kind: "department", code: "52" } },
    holder: { field: "holderCode", ref: holder },
    references: [{ field: "coveredCommunes", refs: covered.map(commune) }],
  });

  it("lets an agent write its département with references there", () => {
    expect(codes(newConvention({ kind: "intercommunality", siren: "200044253" }, ["52250"]), agent52)).toEqual([]);
  });

  it("refuses an agent a holder or covered commune of another département (FORBIDDEN), an administrator too (BAD_USER_INPUT)", () => {
    expect(codes(newConvention(commune("66037")), agent52)).toEqual(["holderCode:FORBIDDEN"]);
    expect(codes(newConvention({ kind: "intercommunality", siren: "246600464" }), agent52)).toEqual(["holderCode:FORBIDDEN"]);
    expect(codes(newConvention(commune("52250"), ["52250", "66037"]), agent52)).toEqual(["coveredCommunes:FORBIDDEN"]);
    expect(codes(newConvention(commune("66037"), ["66037"]), admin)).toEqual([
      "holderCode:BAD_USER_INPUT",
      "coveredCommunes:BAD_USER_INPUT",
    ]);
  });

  it("names the département and the values in its reasons", () => {
    const [refusal] = judgeWrite(agent52, newConvention(commune("52250"), ["52250", "66037", "66038"]), PLACES);
    expect(refusal).toMatchObject({
      field: "coveredCommunes",
      value: "52250|66037|66038",
      code: "FORBIDDEN",
      reason: "écriture refusée : communes hors de vos départements : 66037 (66)",
    });
    expect(judgeWrite(agent52, newConvention(commune("52250"), ["66038", "66039"]), PLACES)[0].reason).toBe(
      "communes inconnues : 66038, 66039",
    );
    expect(judgeWrite(agent52, { owner: { field: "department", ref: { kind: "department", code: "66" } } }, PLACES)[0].reason).toBe(
      "écriture refusée : département 66 hors de vos droits",
    );
  });

  it("extends a convention's territory to its holder EPCI's communes when that EPCI spans several départements", () => {
    const covering = (codesCovered: string[]): ScopedWrite => ({
      owner: { field: "id", ref: { kind: "convention", id: 1 } },
      references: [{ field: "communes", refs: codesCovered.map(commune) }],
    });
    expect(codes(covering(["52250", "55001"]), agent52)).toEqual([]);
    expect(codes(covering(["55002"]), agent52)).toEqual(["communes:FORBIDDEN"]);
    expect(codes(covering(["55002"]), admin)).toEqual(["communes:BAD_USER_INPUT"]);
  });

  it("keeps an action's SDSF axis in its convention's département", () => {
    const axis = (id: number): ScopedWrite => ({
      owner: { field: "id", ref: { kind: "convention", id: 1 } },
      references: [{ field: "sdsfAxisId", ref: { kind: "sdsfAxis", id } }],
    });
    expect(codes(axis(10), agent52)).toEqual([]);
    expect(codes(axis(20), agent52)).toEqual(["sdsfAxisId:FORBIDDEN"]);
    expect(codes(axis(20), admin)).toEqual(["sdsfAxisId:BAD_USER_INPUT"]);
    expect(codes(axis(99), admin)).toEqual(["sdsfAxisId:BAD_USER_INPUT"]);
  });

  it("writes an EPCI-level record only with rights on every département of the EPCI", () => {
    const indicator: ScopedWrite = { owner: { field: "territoryCode", ref: { kind: "intercommunality", siren: "200000001" } } };
    expect(codes(indicator, agent52)).toEqual(["territoryCode:FORBIDDEN"]);
    expect(codes(indicator, user(Role.CAF_AGENT, ["52", "55"]))).toEqual([]);
    expect(codes(indicator, user(Role.CAF_AGENT))).toEqual([]);
  });

  it("refuses another département's record, an analyst and an unknown owner", () => {
    const onConvention2: ScopedWrite = { owner: { field: "id", ref: { kind: "convention", id: 2 } } };
    expect(codes(onConvention2, agent52)).toEqual(["id:FORBIDDEN"]);
    expect(codes({ owner: { field: "id", ref: { kind: "convention", id: 1 } } }, user(Role.ANALYST))).toEqual(["id:FORBIDDEN"]);
    expect(codes({ owner: { field: "id", ref: { kind: "convention", id: 3 } } }, admin)).toEqual(["id:BAD_USER_INPUT"]);
  });

  it("refuses a move out of a département the caller may not write", () => {
    const move: ScopedWrite = {
      owner: { field: "department", ref: { kind: "department", code: "52" } },
      previousOwner: { field: "reference", ref: { kind: "department", code: "66" } },
    };
    expect(codes(move, agent52)).toEqual(["reference:FORBIDDEN"]);
    expect(codes(move, user(Role.CAF_AGENT, ["52", "66"]))).toEqual([]);
  });

  it("lets a partner write only what it operates, and only where the write allows partners", () => {
    const progress = (partnerMayWrite: boolean): ScopedWrite => ({
      owner: { field: "id", ref: { kind: "action", id: 5 } },
      partnerMayWrite,
    });
    expect(codes(progress(true), user(Role.PARTNER, [], 7))).toEqual([]);
    expect(codes(progress(true), user(Role.PARTNER, [], 8))).toEqual(["id:FORBIDDEN"]);
    expect(codes(progress(false), user(Role.PARTNER, [], 7))).toEqual(["id:FORBIDDEN"]);
  });

  it("lets a partner give only the fields its share allows, naming the first other one; staff give any", () => {
    const actual = (given: string[]): ScopedWrite => ({
      owner: { field: "actionId", ref: { kind: "action", id: 5 } },
      partnerMayWrite: true,
      partnerFields: { allowed: ["kind", "unit", "year", "actual"], given, what: "le réalisé" },
    });
    expect(codes(actual(["kind", "actual"]), user(Role.PARTNER, [], 7))).toEqual([]);
    expect(codes(actual(["kind", "planned", "actual"]), user(Role.PARTNER, [], 7))).toEqual(["planned:FORBIDDEN"]);
    expect(judgeWrite(user(Role.PARTNER, [], 7), actual(["planned"]), PLACES)[0].reason).toBe(
      "écriture refusée : un partenaire ne renseigne que le réalisé",
    );
    // Another association is refused on the action itself, before its fields.
    expect(codes(actual(["planned"]), user(Role.PARTNER, [], 8))).toEqual(["actionId:FORBIDDEN"]);
    expect(codes(actual(["planned"]), agent52)).toEqual([]);
  });

  it("leaves a record without territory (an association without a seat) to administrators", () => {
    const seatless: ScopedWrite = { owner: { field: "communeCode", ref: { kind: "national" } } };
    expect(codes(seatless, user(Role.CAF_AGENT))).toEqual(["communeCode:FORBIDDEN"]);
    expect(codes(seatless, admin)).toEqual([]);
  });
});
