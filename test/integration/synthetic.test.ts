import { HolderKind } from "../../src/convention/convention-enums";
import { readGeographyPackage } from "../../src/territory/geography.source";
import { RNA_FORMAT, cafName, isValidSiren, ofPlace, syntheticRna, syntheticSiren, withLuhnKey } from "../../src/synthetic/identifiers";
import { planSynthetic, selectTerritories, type SyntheticGeography, type SyntheticPlan } from "../../src/synthetic/plan";
import { Rng, mulberry32 } from "../../src/synthetic/prng";
import { generateSynthetic, removeSynthetic, syntheticSourceCode, type SyntheticReport } from "../../src/synthetic/synthetic.load";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** The geography as the database gets it, read from the package: the planner needs no database. */
function packageGeography(): SyntheticGeography {
  const geo = readGeographyPackage();
  const epciByCommune = new Map<string, string>();
  for (const epci of geo.epci) for (const member of epci.membres) epciByCommune.set(member.code, epci.code);
  const departments = (geo.departments as Array<(typeof geo.departments)[number] & { typeLiaison?: number }>).filter(
    (d) => d.zone === "metro" || d.zone === "drom",
  );
  const codes = new Set(departments.map((d) => d.code));
  return {
    departments: departments.map((d) => ({ code: d.code, name: d.nom, typeLiaison: d.typeLiaison ?? null })),
    communes: geo.communes
      .filter((c) => codes.has(c.departement))
      .map((c) => ({
        code: c.code,
        name: c.nom,
        departmentCode: c.departement,
        population: c.population ?? null,
        intercommunalitySiren: epciByCommune.get(c.code) ?? null,
      })),
    intercommunalities: geo.epci.map((e) => ({ siren: e.code, name: e.nom })),
  };
}

const share = (part: number, whole: number) => part / whole;

describe("synthetic data: identifiers and wording", () => {
  it("computes and checks SIREN Luhn keys", () => {
    expect(withLuhnKey("20004425")).toBe("200044253"); // CC du Bassin de Joinville en Champagne
    expect(isValidSiren("200044253")).toBe(true);
    expect(isValidSiren("200044254")).toBe(false);
    expect(isValidSiren("20004425")).toBe(false);
    for (const serial of [0, 1, 9, 12_345, 99_999]) {
      const siren = syntheticSiren(serial);
      expect(siren).toMatch(/^990[0-9]{6}$/);
      expect(isValidSiren(siren)).toBe(true);
    }
    expect(() => syntheticSiren(100_000)).toThrow();
  });

  it("writes RNA numbers the database accepts, with the département's prefix", () => {
    expect(syntheticRna("52", 17)).toBe("W529900017");
    expect(syntheticRna("2A", 0)).toBe("W2A9900000");
    expect(syntheticRna("2B", 3)).toBe("W2B9900003");
    expect(syntheticRna("974", 5)).toBe("W979900005");
    for (const rna of ["W529900017", "W2A9900000", "W979900005"]) expect(rna).toMatch(RNA_FORMAT);
  });

  it("says 'de' as French does", () => {
    expect(ofPlace("Joinville")).toBe("de Joinville");
    expect(ofPlace("Alès")).toBe("d'Alès");
    expect(ofPlace("Le Mans")).toBe("du Mans");
    expect(ofPlace("Les Clayes-sous-Bois")).toBe("des Clayes-sous-Bois");
    expect(ofPlace("La Rochelle")).toBe("de La Rochelle");
    expect(cafName("Haute-Marne", 3)).toBe("CAF de la Haute-Marne");
    expect(cafName("Gard", 2)).toBe("CAF du Gard");
    expect(cafName("Yvelines", 4)).toBe("CAF des Yvelines");
    expect(cafName("Ain", 5)).toBe("CAF de l'Ain");
  });

  it("draws the same numbers from the same seed, other numbers from another label", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Rng.stream(42, "convention:52250").float()).toBe(Rng.stream(42, "convention:52250").float());
    expect(Rng.stream(42, "convention:52250").float()).not.toBe(Rng.stream(42, "convention:52251").float());
  });
});

describe("synthetic data: the plan (no database)", () => {
  const geo = packageGeography();
  let national: SyntheticPlan;
  beforeAll(() => {
    national = planSynthetic(geo, { seed: 42, scale: 1 });
  });

  it("is deterministic", () => {
    expect(planSynthetic(geo, { seed: 42, scale: 0.01 })).toEqual(planSynthetic(geo, { seed: 42, scale: 0.01 }));
    expect(planSynthetic(geo, { seed: 43, scale: 0.01 }).conventions).not.toEqual(
      planSynthetic(geo, { seed: 42, scale: 0.01 }).conventions,
    );
  });

  it("nests the scales: 1 % of the territories is a part of 10 %, with about ten times fewer conventions", () => {
    const small = planSynthetic(geo, { seed: 42, scale: 0.01 });
    const large = planSynthetic(geo, { seed: 42, scale: 0.1 });
    const largeRefs = new Set(large.conventions.map((c) => c.reference));
    expect(small.conventions.every((c) => largeRefs.has(c.reference))).toBe(true);
    expect(small.territories.selected).toBe(Math.round(0.01 * small.territories.total));
    const ratio = large.conventions.length / small.conventions.length;
    expect(ratio).toBeGreaterThan(7);
    expect(ratio).toBeLessThan(14);
    expect(selectTerritories(geo, { seed: 42, scale: 1 }).selected).toHaveLength(national.territories.total);
  });

  it("leaves a territory that has a real CTG to it, without changing the rest of the set", () => {
    const small = planSynthetic(geo, { seed: 42, scale: 0.1 });
    const holder = small.conventions.find((c) => c.holderKind === HolderKind.INTERCOMMUNALITY)?.holderIntercommunalitySiren;
    expect(holder).toBeTruthy();
    const without = planSynthetic(geo, { seed: 42, scale: 0.1 }, new Set([holder as string]));
    expect(without.skippedHolders).toEqual([holder]);
    expect(without.conventions.some((c) => c.holderIntercommunalitySiren === holder)).toBe(false);
    const others = (plan: SyntheticPlan) =>
      plan.conventions.filter((c) => c.holderIntercommunalitySiren !== holder).map((c) => c.reference);
    expect(others(without)).toEqual(others(small));
  });

  it("has the spreads of a national set", () => {
    const { conventions, actions, objectives, partnerships, associations } = national;
    const current = conventions.filter((c) => !c.isPredecessor);
    const territories = selectTerritories(geo, { seed: 42, scale: 1 }).selected;
    const epci = territories.filter((t) => t.intercommunality !== null);
    const epciWithCtg = new Set(
      conventions.filter((c) => c.holderKind === HolderKind.INTERCOMMUNALITY).map((c) => c.holderIntercommunalitySiren),
    );
    expect(share(epciWithCtg.size, epci.length)).toBeCloseTo(0.85, 1);
    expect(share(current.filter((c) => c.isRenewal).length, current.length)).toBeGreaterThan(0.34);
    expect(share(current.filter((c) => c.isRenewal).length, current.length)).toBeLessThan(0.46);
    expect(share(current.filter((c) => c.stage === "IN_PREPARATION").length, current.length)).toBeCloseTo(0.1, 1);
    expect(share(current.filter((c) => c.stage === "TERMINATED").length, current.length)).toBeLessThan(0.06);
    expect(share(current.filter((c) => c.bonusTerritoire).length, current.length)).toBeCloseTo(0.3, 1);
    for (const c of conventions) {
      expect(c.themes.length).toBeGreaterThanOrEqual(3);
      expect(c.themes.length).toBeLessThanOrEqual(8);
      expect(c.reference).toMatch(/^SYN-[0-9AB]{2,3}-20[0-9]{2}-[0-9AB]{5,9}$/);
      expect(c.endsOn > c.startsOn).toBe(true);
      if (c.signedOn !== null) expect(c.signedOn < c.startsOn).toBe(true);
      if (c.terminatedOn !== null) expect(c.terminatedOn > c.startsOn && c.terminatedOn <= c.endsOn).toBe(true);
      if (c.predecessor !== null) {
        const predecessor = conventions[c.predecessor];
        expect(predecessor.isPredecessor).toBe(true);
        expect(predecessor.endsOn < c.startsOn).toBe(true);
        expect(predecessor.endsOn < "2026-06-30").toBe(true);
      }
    }
    const perConvention = (rows: ReadonlyArray<{ convention: number | null }>) => {
      const counts = new Map<number, number>();
      for (const r of rows) if (r.convention !== null) counts.set(r.convention, (counts.get(r.convention) ?? 0) + 1);
      return [...counts.values()];
    };
    expect(Math.min(...perConvention(objectives))).toBeGreaterThanOrEqual(3);
    expect(Math.max(...perConvention(objectives))).toBeLessThanOrEqual(6);
    expect(Math.min(...perConvention(actions))).toBeGreaterThanOrEqual(5);
    expect(Math.max(...perConvention(actions))).toBeLessThanOrEqual(20);
    expect(Math.max(...perConvention(partnerships))).toBeLessThanOrEqual(6);
    const offTheme = actions.filter((a) => !conventions[a.convention].themes.includes(a.theme)).length;
    expect(share(offTheme, actions.length)).toBeGreaterThan(0.02);
    expect(share(offTheme, actions.length)).toBeLessThan(0.08);
    expect(associations.length).toBeGreaterThan(15_000);
    const rnas = associations.flatMap((a) => (a.rna === null ? [] : [a.rna]));
    const sirens = associations.flatMap((a) => (a.siren === null ? [] : [a.siren]));
    expect(new Set(rnas).size).toBe(rnas.length);
    expect(new Set(sirens).size).toBe(sirens.length);
    expect(rnas.every((rna) => RNA_FORMAT.test(rna))).toBe(true);
    expect(sirens.every(isValidSiren)).toBe(true);
    expect(associations.every((a) => a.name.startsWith("[synthétique] ") && (a.rna !== null || a.siren !== null))).toBe(true);
  });
});

/** Tables with rows of their own (the fingerprint of "everything else" before and after the synthetic set). */
const TABLES = [
  "source",
  "sdsf_scheme",
  "sdsf_axis",
  "convention",
  "convention_signatory",
  "convention_commune",
  "convention_sdsf_axis",
  "objective",
  "action",
  "partner_association",
  "partnership",
  "facility",
  "facility_approval",
  "indicator_value",
  "indicator_definition",
  "action_pilot",
  "action_budget_line",
  "action_funding",
  "action_note",
  "convention_meeting",
  "meeting_attendance",
  "convention_evaluation",
  "objective_assessment",
] as const;

describe("synthetic data set in the database", () => {
  let db: TestDatabase;
  let before: Record<string, number>;
  let first: SyntheticReport;
  let firstFingerprint: Fingerprint;

  interface Fingerprint {
    /** The brief's content hash: reference, themes and start of every SYN- convention. */
    conventions: string;
    /** Everything else the generator writes, hashed. */
    content: string;
  }

  const query = <T>(sql: string, parameters: unknown[] = []): Promise<T[]> => db.dataSource.query(sql, parameters);

  async function tableCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of TABLES) counts[table] = (await query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
    return counts;
  }

  async function fingerprint(): Promise<Fingerprint> {
    const md5 = async (sql: string) =>
      (
        await query<{ h: string | null }>(`SELECT md5(coalesce(string_agg(line, E'\\n' ORDER BY line), '')) AS h FROM (${sql}) AS t(line)`)
      )[0].h ?? "";
    const conventions = await md5(
      `SELECT concat_ws('|', reference, themes::text, starts_on::text) FROM convention WHERE reference LIKE 'SYN-%'`,
    );
    const parts = await Promise.all([
      md5(`SELECT concat_ws('|', c.reference, c.title, c.stage, c.signed_on, c.ends_on, c.terminated_on, c.bonus_territoire,
             c.is_renewal, p.reference, c.department_code, c.diagnostic_summary)
           FROM convention c LEFT JOIN convention p ON p.id = c.predecessor_id WHERE c.reference LIKE 'SYN-%'`),
      md5(`SELECT concat_ws('|', c.reference, a.position, a.title, a.theme, a.status, a.progress, a.budget::text, o.position, x.number)
           FROM action a JOIN convention c ON c.id = a.convention_id LEFT JOIN objective o ON o.id = a.objective_id
           LEFT JOIN sdsf_axis x ON x.id = a.sdsf_axis_id WHERE c.reference LIKE 'SYN-%'`),
      md5(
        `SELECT concat_ws('|', c.reference, cc.commune_code) FROM convention_commune cc JOIN convention c ON c.id = cc.convention_id WHERE c.reference LIKE 'SYN-%'`,
      ),
      md5(
        `SELECT concat_ws('|', c.reference, s.position, s.kind, s.name, s.signed_on) FROM convention_signatory s JOIN convention c ON c.id = s.convention_id WHERE c.reference LIKE 'SYN-%'`,
      ),
      md5(`SELECT concat_ws('|', a.rna, a.siren, a.name, a.commune_code, a.themes::text, a.contact_email, a.contact_phone, a.website)
           FROM partner_association a WHERE a.name LIKE '[synthétique]%'`),
      md5(`SELECT concat_ws('|', coalesce(c.reference, ac.reference || '#' || x.position), a.rna, a.siren, p.role)
           FROM partnership p JOIN partner_association a ON a.id = p.association_id LEFT JOIN convention c ON c.id = p.convention_id
           LEFT JOIN action x ON x.id = p.action_id LEFT JOIN convention ac ON ac.id = x.convention_id WHERE a.name LIKE '[synthétique]%'`),
      md5(`SELECT concat_ws('|', f.kind, f.name, f.commune_code, f.capacity, f.operator_kind, f.operator_name, fa.kind, fa.starts_on)
           FROM facility f LEFT JOIN facility_approval fa ON fa.facility_id = f.id WHERE f.name LIKE '%(synthétique)'`),
      md5(`SELECT concat_ws('|', i.indicator, i.year, i.commune_code, i.value::text) FROM indicator_value i
           JOIN source s ON s.id = i.source_id WHERE s.code LIKE 'synthetic:%'`),
      md5(
        `SELECT concat_ws('|', s.title, s.signatory_bodies::text, x.number, x.title) FROM sdsf_scheme s JOIN sdsf_axis x ON x.scheme_id = s.id WHERE s.title LIKE '%(synthétique)'`,
      ),
    ]);
    return { conventions, content: parts.join(":") };
  }

  /** The counts of a report, without what legitimately differs between two runs (timings, ids). */
  const countsOf = (r: SyntheticReport) => {
    const { durationMs: _d, stepsMs: _s, sourceId: _i, replacedEarlierSet: _r, ...counts } = r;
    return counts;
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    before = await tableCounts();
  });
  afterAll(async () => {
    await db.close();
  });

  it("generates a small set and the same set again from the same seed", async () => {
    first = await generateSynthetic(db.dataSource.manager, { seed: 42, scale: 0.01 });
    expect(first.replacedEarlierSet).toBe(false);
    expect(first.conventions.total).toBeGreaterThan(5);
    expect(first.indicators.inserted).toBe(first.indicators.planned);
    firstFingerprint = await fingerprint();
    const counts = await tableCounts();
    expect(counts.convention - before.convention).toBe(first.conventions.total);
    expect(counts.action - before.action).toBe(first.actions.total);
    expect(counts.partner_association - before.partner_association).toBe(first.associations.total);

    const again = await generateSynthetic(db.dataSource.manager, { seed: 42, scale: 0.01 });
    expect(again.replacedEarlierSet).toBe(true);
    expect(countsOf(again)).toEqual(countsOf(first));
    expect(await tableCounts()).toEqual(counts);
    expect(await fingerprint()).toEqual(firstFingerprint);
  });

  it("labels every row it writes with the synthetic source", async () => {
    const [{ id: sourceId, kind, vintage }] = await query<{ id: number; kind: string; vintage: string }>(
      `SELECT id, kind, vintage FROM source WHERE code = $1`,
      [syntheticSourceCode(42)],
    );
    expect(kind).toBe("SYNTHETIC");
    expect(vintage).toBe("graine 42, échelle 0.01");
    const bySource = async (table: string) =>
      (await query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE source_id = $1`, [sourceId]))[0].n;
    expect(await bySource("convention")).toBe(first.conventions.total);
    expect(await bySource("action")).toBe(first.actions.total);
    expect(await bySource("partner_association")).toBe(first.associations.total);
    expect(await bySource("facility")).toBe(first.facilities.total);
    expect(await bySource("sdsf_scheme")).toBe(first.sdsfSchemes);
    // Territory values, and the plan indicators of the synthetic CTG.
    expect(await bySource("indicator_value")).toBe(first.indicators.inserted + first.followUp.planIndicators);
    // And the other way round: whatever looks synthetic carries the source, and nothing else does.
    const mislabelled = await query<{ n: number }>(
      `
      SELECT ((SELECT count(*) FROM convention WHERE (reference LIKE 'SYN-%') <> (source_id IS NOT DISTINCT FROM $1))
        + (SELECT count(*) FROM partner_association WHERE (name LIKE '[synthétique] %') <> (source_id IS NOT DISTINCT FROM $1))
        + (SELECT count(*) FROM facility WHERE (name LIKE '%(synthétique)') <> (source_id IS NOT DISTINCT FROM $1))
        + (SELECT count(*) FROM sdsf_scheme WHERE (title LIKE '%(synthétique)') <> (source_id IS NOT DISTINCT FROM $1))
        + (SELECT count(*) FROM action a JOIN convention c ON c.id = a.convention_id
           WHERE (c.source_id IS NOT DISTINCT FROM $1) <> (a.source_id IS NOT DISTINCT FROM $1)))::int AS n`,
      [sourceId],
    );
    expect(mislabelled[0].n).toBe(0);
  });

  it("writes RNA and SIREN numbers in the synthetic ranges, valid for the database and the Luhn key", async () => {
    const rows = await query<{ rna: string | null; siren: string | null }>(
      `SELECT rna, siren FROM partner_association WHERE name LIKE '[synthétique]%'`,
    );
    expect(rows.length).toBe(first.associations.total);
    for (const { rna, siren } of rows) {
      expect(rna !== null || siren !== null).toBe(true);
      if (rna !== null) expect(rna).toMatch(/^W[0-9][0-9AB]99[0-9]{5}$/);
      if (siren !== null) {
        expect(siren.startsWith("990")).toBe(true);
        expect(isValidSiren(siren)).toBe(true);
      }
    }
  });

  it("keeps the model's rules: renewals after an expired predecessor, the département's axes, no fake CTG beside a real one", async () => {
    const broken = await query<{ n: number }>(`
      SELECT ((SELECT count(*) FROM convention c JOIN convention p ON p.id = c.predecessor_id
               WHERE c.reference LIKE 'SYN-%' AND NOT (c.is_renewal AND p.ends_on < c.starts_on AND p.ends_on < DATE '2026-06-30'))
        + (SELECT count(*) FROM convention_sdsf_axis ca JOIN convention c ON c.id = ca.convention_id
           JOIN sdsf_axis x ON x.id = ca.sdsf_axis_id JOIN sdsf_scheme s ON s.id = x.scheme_id
           WHERE c.reference LIKE 'SYN-%' AND s.department_code <> c.department_code)
        + (SELECT count(*) FROM convention c JOIN commune m ON m.code = c.holder_commune_code
           WHERE c.reference LIKE 'SYN-%' AND m.department_code <> c.department_code)
        + (SELECT count(*) FROM partner_association a WHERE a.name LIKE '[synthétique]%'
           AND NOT EXISTS (SELECT 1 FROM commune m WHERE m.code = a.commune_code))
        + (SELECT count(*) FROM convention c JOIN convention r
             ON coalesce(r.holder_commune_code, r.holder_intercommunality_siren) = coalesce(c.holder_commune_code, c.holder_intercommunality_siren)
           WHERE c.reference LIKE 'SYN-%' AND r.reference NOT LIKE 'SYN-%'))::int AS n`);
    expect(broken[0].n).toBe(0);
  });

  it("gives about ten times more conventions at a ten times larger scale", async () => {
    const larger = await generateSynthetic(db.dataSource.manager, { seed: 42, scale: 0.1 });
    const ratio = larger.conventions.total / first.conventions.total;
    expect(ratio).toBeGreaterThan(7);
    expect(ratio).toBeLessThan(14);
    const references = new Set(
      (await query<{ reference: string }>(`SELECT reference FROM convention WHERE reference LIKE 'SYN-%'`)).map((r) => r.reference),
    );
    expect(references.size).toBe(larger.conventions.total);
  });

  it("refuses a second seed while one is loaded, and a scale out of range", async () => {
    await expect(generateSynthetic(db.dataSource.manager, { seed: 7, scale: 0.01 })).rejects.toThrow(
      /another synthetic set is loaded \(synthetic:42\)/,
    );
    await expect(generateSynthetic(db.dataSource.manager, { seed: 42, scale: 2 })).rejects.toThrow(/scale/);
  });

  it("gives other data for another seed", async () => {
    await removeSynthetic(db.dataSource.manager, 42);
    const other = await generateSynthetic(db.dataSource.manager, { seed: 7, scale: 0.01 });
    expect(other.conventions.total).toBeGreaterThan(5);
    const print = await fingerprint();
    expect(print.conventions).not.toBe(firstFingerprint.conventions);
    expect(print.content).not.toBe(firstFingerprint.content);
  });

  it("removes a set entirely and leaves the reference cases as they were", async () => {
    const report = await removeSynthetic(db.dataSource.manager, 7);
    expect(report.found).toBe(true);
    expect(report.deleted.conventions).toBeGreaterThan(5);
    expect(await tableCounts()).toEqual(before);
    const leftovers = await query<{ n: number }>(`
      SELECT ((SELECT count(*) FROM source WHERE code LIKE 'synthetic:%')
        + (SELECT count(*) FROM convention WHERE reference LIKE 'SYN-%')
        + (SELECT count(*) FROM partner_association WHERE name LIKE '[synthétique]%' OR rna ~ '^W..99' OR siren LIKE '990%')
        + (SELECT count(*) FROM facility WHERE name LIKE '%(synthétique)')
        + (SELECT count(*) FROM sdsf_scheme WHERE title LIKE '%(synthétique)'))::int AS n`);
    expect(leftovers[0].n).toBe(0);
    const [joinville] = await query<{ communes: number; actions: number }>(`
      SELECT (SELECT count(*) FROM convention_commune WHERE convention_id = c.id)::int AS communes,
             (SELECT count(*) FROM action WHERE convention_id = c.id)::int AS actions
      FROM convention c WHERE reference = 'CTG-52-2023-200044253'`);
    expect(joinville).toEqual({ communes: 59, actions: 7 });
    expect((await removeSynthetic(db.dataSource.manager, 7)).found).toBe(false);
  });
});
