import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * What each current commune was in every COG vintage loaded (issue 20: figures over several vintages read it instead of
 * every vintage's communes). A database that already holds vintages gets the table filled here, by the statement the
 * vintage import ran when this migration was written (src/territory/vintages.import.ts lineageSql): the vintage import
 * rewrites it afterwards.
 */
export class CommuneLineage1796723000000 implements MigrationInterface {
  name = "CommuneLineage1796723000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "commune_lineage" ("code" character(5) NOT NULL, "department_code" character varying(3) NOT NULL, "successors" character(5) array NOT NULL, "parts" smallint NOT NULL, "first_year" smallint NOT NULL, "communes" smallint array NOT NULL, "populations" integer array NOT NULL, CONSTRAINT "commune_lineage_parts" CHECK ("parts" = cardinality("successors")), CONSTRAINT "PK_f3039ad30f13cb06b7bc5ad7afa" PRIMARY KEY ("code", "department_code", "successors"))`,
    );
    await queryRunner.query(`CREATE INDEX "commune_lineage_department" ON "commune_lineage"  ("department_code") `);
    const [bounds]: Array<{ first: number | null; last: number | null }> = await queryRunner.query(
      "SELECT min(first_year)::int AS first, max(last_year)::int AS last FROM commune_vintage",
    );
    if (bounds?.first == null || bounds.last == null) return;
    const years: number[] = [];
    for (let year = Number(bounds.first); year <= Number(bounds.last); year++) years.push(year);
    const communes = years.map((y) => `count(*) FILTER (WHERE s.year = ${y})`).join(", ");
    const populations = years.map((y) => `coalesce(sum(s.population) FILTER (WHERE s.year = ${y}), 0)`).join(", ");
    await queryRunner.query(`
      INSERT INTO commune_lineage (code, department_code, successors, parts, first_year, communes, populations)
      WITH RECURSIVE chain(v, start, code, year) AS (
        SELECT y.v, p.former_code, p.successor_code, p.year
        FROM generate_series(${years[0]}, ${years[years.length - 1]}) y(v) JOIN commune_passage p ON p.year > y.v
        UNION
        SELECT c.v, c.start, p.successor_code, p.year FROM chain c JOIN commune_passage p ON p.former_code = c.code AND p.year > c.year
      ),
      became AS (
        SELECT c.v, c.start AS code, array_agg(DISTINCT c.code ORDER BY c.code) AS successors FROM chain c
        WHERE NOT EXISTS (SELECT 1 FROM commune_passage p WHERE p.former_code = c.code AND p.year > c.year)
        GROUP BY c.v, c.start
      )
      SELECT (CASE WHEN s.split IS NULL THEN s.current_code ELSE s.code END)::char(5), s.department_code,
        coalesce(s.split, ARRAY[min(s.current_code)])::char(5)[], coalesce(cardinality(s.split), 1)::smallint, ${years[0]}::smallint,
        ARRAY[${communes}]::smallint[], ARRAY[${populations}]::integer[]
      FROM (
        SELECT y.year, m.code, m.department_code, coalesce(m.population, 0) AS population,
          CASE WHEN cardinality(b.successors) = 1 THEN b.successors[1] ELSE m.code END AS current_code,
          CASE WHEN cardinality(b.successors) > 1 THEN b.successors END AS split
        FROM commune_vintage m CROSS JOIN LATERAL generate_series(m.first_year::int, m.last_year::int) y(year)
        LEFT JOIN became b ON b.v = y.year AND b.code = m.code
      ) s
      GROUP BY CASE WHEN s.split IS NULL THEN s.current_code ELSE s.code END, s.department_code, s.split`);
    await queryRunner.query("ANALYZE commune_lineage");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."commune_lineage_department"`);
    await queryRunner.query(`DROP TABLE "commune_lineage"`);
  }
}
