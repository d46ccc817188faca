import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import pg from "pg";
import {
  PAGE,
  isQueryName,
  type ActionStatsVariables,
  type ConventionFollowUpVariables,
  type ConventionVariables,
  type DashboardVariables,
  type DepartmentCommunesVariables,
  type DepartmentAnalyticsVariables,
  type HistoryVariables,
  type NationalCoverageVariables,
  type NationalListVariables,
  type QueryName,
} from "./read-queries";
import {
  ACTION_STATS_SQL,
  COMPARE_TERRITORIES_SQL,
  COVERAGE_HISTORY_SQL,
  COVERAGE_HISTORY_AS_OF_SQL,
  DEPARTMENT_COVERAGE_SQL,
  NATIONAL_COVERAGE_SQL,
  activeSql,
  lateSql,
  statusSql,
} from "./floor-analytics-sql";

/**
 * The read bench's floor: what the read queries cost with nothing but `node:http`, a driver and
 * one hand-written SQL statement each (nesting with json_agg, totals with a window count). No GraphQL,
 * no ORM, no validation beyond reading the body. The hub is compared with it.
 *
 *   POST /departmentCommunes  {"code": "52"}                          → { totalCount, items } (communes with their EPCI)
 *   POST /dashboard           {"code": "17"}                          → rows of communes
 *   POST /convention          {"ref": "SYN-17-…"}                      → one convention (or null)
 *   POST /nationalList        {"asOf": "2025-06-30", "themes": [...]}  → { totalCount, items }
 *   POST /departmentCoverage  {"code": "62", "asOf": "2025-06-30"}     → one row, EPCI rows nested
 *   POST /compareTerritories  {"code": "62", "asOf": "2025-06-30"}     → one row per territory (EPCI level)
 *   POST /nationalCoverage    {"asOf": "2025-06-30"}                   → one row per département
 *   POST /nationalHistory     {"department": null, "from": "2015-12-31", "to": "2025-06-30"} → one row per year end
 *   POST /departmentHistory   {"department": "62", "from": …, "to": …}  → the same for one département
 *   POST /nationalHistoryAsOf, /departmentHistoryAsOf           → the same, each point on the COG vintage of its date
 *   POST /actionStats         {"asOf": "2025-06-30"}                   → one row per group (GROUPING SETS)
 *   POST /conventionFollowUp  {"ref": "SYN-17-…", "asOf": "2025-06-30"} → one convention's actions with their follow-up
 *   GET  /healthz
 *
 * The analytics statements are written here (not imported from src/analytics/analytics.sql.ts, whose module
 * would load type-graphql into the floor through the enums it imports), with the hub's rules (active on a
 * date, status on a date, a commune counted once, missing population as 0) and only the figures the bench's
 * GraphQL documents ask for: the hub's statements also compute columns these documents do not select
 * (active convention count, allocataires share, action statuses, SDSF axes, convention ids…).
 *
 * Environment: PORT; FLOOR_DATABASE_URL (PostgreSQL through a `pg.Pool` of FLOOR_POOL_SIZE, default 10)
 * or FLOOR_PGLITE_DIR (one embedded PGlite instance: it runs one query at a time, like the hub's).
 */

const PG_DATE = 1082;
const PG_INT8 = 20;
const PG_NUMERIC = 1700;

interface Database {
  query<R>(sql: string, params: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

/** The same JavaScript values as the hub's drivers: dates as YYYY-MM-DD, counts and numerics as numbers. */
function postgresDatabase(url: string, poolSize: number): Database {
  pg.types.setTypeParser(PG_DATE, (value: string) => value);
  pg.types.setTypeParser(PG_INT8, (value: string) => Number(value));
  pg.types.setTypeParser(PG_NUMERIC, (value: string) => Number(value));
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: "ctg-hub-floor" });
  return {
    query: async <R>(sql: string, params: unknown[]) => (await pool.query(sql, params)).rows as R[],
    close: () => pool.end(),
  };
}

/** One PGlite instance: it queues its queries itself, so they run one at a time, as in the hub's embedded driver. */
async function embeddedDatabase(dataDir: string): Promise<Database> {
  const db = await PGlite.create({
    dataDir,
    parsers: {
      [pgliteTypes.DATE]: (value: string) => value,
      [pgliteTypes.INT8]: (value: string) => Number(value),
      [pgliteTypes.NUMERIC]: (value: string) => Number(value),
    },
  });
  return {
    query: async <R>(sql: string, params: unknown[]) => (await db.query<R>(sql, params)).rows,
    close: () => db.close(),
  };
}

/** Today in France (Europe/Paris), as the hub computes it for each request. */
const todayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" });
const todayInFrance = () => todayFormat.format(new Date());

// Same orders as the hub: communes by code, a commune's conventions by id, signatories and objectives by
// position, actions by (position, id), partnerships by id, SDSF axes by id, the national list by (ends_on, id).

/** The lean list: a département's communes with their EPCI, and how many there are (a window count, as the national list's). */
const DEPARTMENT_COMMUNES_SQL = `
  SELECT m.code, m.name, m.population,
         CASE WHEN i.siren IS NULL THEN NULL ELSE json_build_object('siren', i.siren, 'name', i.name) END AS intercommunality,
         count(*) OVER () AS "totalCount"
  FROM commune m LEFT JOIN intercommunality i ON i.siren = m.intercommunality_siren
  WHERE m.department_code = $1
  ORDER BY m.code
  LIMIT ${PAGE.departmentCommunes}`;

interface DepartmentCommuneRow {
  code: string;
  name: string;
  population: number | null;
  intercommunality: { siren: string; name: string } | null;
  totalCount: number;
}

const DASHBOARD_SQL = `
  SELECT m.code, m.name, m.population,
         CASE WHEN i.siren IS NULL THEN NULL ELSE json_build_object('siren', i.siren, 'name', i.name) END AS intercommunality,
         coalesce((SELECT json_agg(json_build_object('reference', c.reference, 'status', ${statusSql("c", "$2::date")}) ORDER BY c.id)
                   FROM convention_commune cc JOIN convention c ON c.id = cc.convention_id
                   WHERE cc.commune_code = m.code), '[]'::json) AS conventions
  FROM commune m LEFT JOIN intercommunality i ON i.siren = m.intercommunality_siren
  WHERE m.department_code = $1
  ORDER BY m.code
  LIMIT ${PAGE.dashboardCommunes}`;

const CONVENTION_SQL = `
  SELECT c.reference, c.title, c.stage, c.signed_on AS "signedOn", c.starts_on AS "startsOn", c.ends_on AS "endsOn",
         c.themes::text[] AS themes, ${statusSql("c", "$2::date")} AS status,
         CASE WHEN c.holder_intercommunality_siren IS NOT NULL
              THEN (SELECT json_build_object('siren', i.siren, 'name', i.name) FROM intercommunality i WHERE i.siren = c.holder_intercommunality_siren)
              ELSE (SELECT json_build_object('code', h.code, 'name', h.name) FROM commune h WHERE h.code = c.holder_commune_code)
         END AS holder,
         coalesce((SELECT json_agg(json_build_object('role', s.role, 'name', s.name) ORDER BY s.position)
                   FROM convention_signatory s WHERE s.convention_id = c.id), '[]'::json) AS signatories,
         coalesce((SELECT json_agg(json_build_object('code', m.code, 'name', m.name, 'population', m.population) ORDER BY m.code)
                   FROM (SELECT m.code, m.name, m.population FROM convention_commune cc JOIN commune m ON m.code = cc.commune_code
                         WHERE cc.convention_id = c.id ORDER BY m.code LIMIT ${PAGE.coveredCommunes}) m), '[]'::json) AS "coveredCommunes",
         coalesce((SELECT json_agg(json_build_object('position', o.position, 'title', o.title) ORDER BY o.position)
                   FROM objective o WHERE o.convention_id = c.id), '[]'::json) AS objectives,
         coalesce((SELECT json_agg(json_build_object(
                     'title', a.title, 'theme', a.theme, 'status', a.status, 'progress', a.progress,
                     'partners', coalesce((SELECT json_agg(json_build_object('role', ps.role, 'association', json_build_object('name', p.name, 'rna', p.rna)) ORDER BY ps.id)
                                           FROM partnership ps JOIN partner_association p ON p.id = ps.association_id
                                           WHERE ps.action_id = a.id), '[]'::json)) ORDER BY a.position, a.id)
                   FROM (SELECT a.id, a.position, a.title, a.theme, a.status, a.progress FROM action a
                         WHERE a.convention_id = c.id ORDER BY a.position, a.id LIMIT ${PAGE.actions}) a), '[]'::json) AS actions,
         coalesce((SELECT json_agg(json_build_object('number', x.number, 'title', x.title) ORDER BY x.id)
                   FROM convention_sdsf_axis ca JOIN sdsf_axis x ON x.id = ca.sdsf_axis_id
                   WHERE ca.convention_id = c.id), '[]'::json) AS "sdsfAxes"
  FROM convention c
  WHERE c.reference = $1`;

/** $1 reference, $2 date: a convention's follow-up — its actions (first 100) with pilots, budget lines, fundings, indicator values, notes. */
const CONVENTION_FOLLOW_UP_SQL = `
  SELECT c.reference, c.title,
    coalesce((SELECT json_agg(json_build_object(
        'title', a.title, 'status', a.status, 'priority', a.priority, 'late', a.late,
        'daysLate', CASE WHEN a.late THEN $2::date - a.ends_on ELSE 0 END,
        'pilots', coalesce((SELECT json_agg(json_build_object('kind', p.kind, 'name', p.name, 'role', p.role, 'organisation', p.organisation,
                              'contact', p.contact, 'association', CASE WHEN pa.id IS NULL THEN NULL ELSE json_build_object('name', pa.name) END)
                            ORDER BY p.position, p.id)
                            FROM action_pilot p LEFT JOIN partner_association pa ON pa.id = p.association_id WHERE p.action_id = a.id), '[]'::json),
        'budgetLines', coalesce((SELECT json_agg(json_build_object('year', b.year, 'kind', b.kind, 'unit', b.unit, 'planned', b.planned, 'actual', b.actual)
                                 ORDER BY b.year NULLS FIRST, b.kind, b.unit, b.id)
                                 FROM action_budget_line b WHERE b.action_id = a.id), '[]'::json),
        'fundings', coalesce((SELECT json_agg(json_build_object('funder', f.funder, 'year', f.year, 'planned', f.planned, 'actual', f.actual)
                              ORDER BY f.year NULLS FIRST, f.funder, f.id)
                              FROM action_funding f WHERE f.action_id = a.id), '[]'::json),
        'indicatorValues', coalesce((SELECT json_agg(json_build_object('indicator', v.indicator, 'year', v.year, 'baseline', v.baseline,
                                       'target', v.target, 'value', v.value) ORDER BY v.indicator, v.year, v.id)
                                     FROM indicator_value v WHERE v.action_id = a.id), '[]'::json),
        'notes', coalesce((SELECT json_agg(json_build_object('notedOn', n.noted_on, 'author', n.author, 'restricted', n.restricted, 'text', n.text)
                           ORDER BY n.noted_on DESC, n.id)
                           FROM action_note n WHERE n.action_id = a.id), '[]'::json)) ORDER BY a.position, a.id)
      FROM (SELECT a.id, a.position, a.title, a.status, a.priority, a.ends_on, ${lateSql("a", "$2::date")} AS late FROM action a
            WHERE a.convention_id = c.id ORDER BY a.position, a.id LIMIT ${PAGE.actions}) a), '[]'::json) AS actions
  FROM convention c
  WHERE c.reference = $1`;

const NATIONAL_LIST_SQL = `
  SELECT c.id, coalesce(c.ends_on, '9999-12-31'::date) AS sort, c.reference, c.title, c.ends_on AS "endsOn",
         d.code AS "departmentCode", d.name AS "departmentName", count(*) OVER () AS "totalCount"
  FROM convention c JOIN department d ON d.code = c.department_code
  WHERE c.themes && $2::theme[] AND ${activeSql("c", "$1::date")}
  ORDER BY coalesce(c.ends_on, '9999-12-31'::date), c.id
  LIMIT ${PAGE.nationalList}`;

interface NationalListRow {
  id: number;
  sort: string;
  reference: string;
  title: string;
  endsOn: string | null;
  departmentCode: string;
  departmentName: string;
  totalCount: number;
}

/** The hub's cursor: base64url of [sort value, key]. */
const cursorOf = (sort: string, id: number) => Buffer.from(JSON.stringify([sort, id])).toString("base64url");

/** A malformed request: answered 400. */
class RequestError extends Error {}

/** Theme names, checked as plain words: they are passed as an array literal (`{YOUTH,CHILDHOOD}`), which both drivers accept. */
function themesOf(words: unknown): string[] {
  if (!Array.isArray(words) || !words.every((w): w is string => typeof w === "string" && /^[A-Z_]+$/.test(w))) {
    throw new RequestError("themes must be an array of enum names");
  }
  return words;
}

function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== "string" || value === "") throw new RequestError(`${name} must be a non-empty string`);
  return value;
}

async function answer(db: Database, name: QueryName, body: Record<string, unknown>): Promise<unknown> {
  switch (name) {
    case "departmentCommunes": {
      const vars: DepartmentCommunesVariables = { code: stringField(body, "code") };
      const rows = await db.query<DepartmentCommuneRow>(DEPARTMENT_COMMUNES_SQL, [vars.code]);
      return {
        totalCount: rows[0]?.totalCount ?? 0,
        items: rows.map(({ totalCount: _total, ...commune }) => commune),
      };
    }
    case "dashboard": {
      const vars: DashboardVariables = { code: stringField(body, "code") };
      return db.query(DASHBOARD_SQL, [vars.code, todayInFrance()]);
    }
    case "convention": {
      const vars: ConventionVariables = { ref: stringField(body, "ref") };
      const rows = await db.query(CONVENTION_SQL, [vars.ref, todayInFrance()]);
      return rows[0] ?? null;
    }
    case "nationalList": {
      const vars: NationalListVariables = { asOf: stringField(body, "asOf"), themes: themesOf(body.themes) };
      const rows = await db.query<NationalListRow>(NATIONAL_LIST_SQL, [vars.asOf, `{${vars.themes.join(",")}}`]);
      return {
        totalCount: rows[0]?.totalCount ?? 0,
        items: rows.map((r) => ({
          cursor: cursorOf(r.sort, r.id),
          reference: r.reference,
          title: r.title,
          endsOn: r.endsOn,
          department: { code: r.departmentCode, name: r.departmentName },
        })),
      };
    }
    case "departmentCoverage": {
      const vars: DepartmentAnalyticsVariables = { code: stringField(body, "code"), asOf: stringField(body, "asOf") };
      const rows = await db.query(DEPARTMENT_COVERAGE_SQL, [vars.code, vars.asOf]);
      return rows[0] ?? null;
    }
    case "compareTerritories": {
      const vars: DepartmentAnalyticsVariables = { code: stringField(body, "code"), asOf: stringField(body, "asOf") };
      return db.query(COMPARE_TERRITORIES_SQL, [vars.code, vars.asOf]);
    }
    case "nationalCoverage": {
      const vars: NationalCoverageVariables = { asOf: stringField(body, "asOf") };
      return db.query(NATIONAL_COVERAGE_SQL, [vars.asOf]);
    }
    case "nationalHistory":
    case "departmentHistory": {
      const vars: HistoryVariables = {
        department: body.department === null || body.department === undefined ? null : stringField(body, "department"),
        from: stringField(body, "from"),
        to: stringField(body, "to"),
      };
      return db.query(COVERAGE_HISTORY_SQL, [vars.department, vars.from, vars.to]);
    }
    case "nationalHistoryAsOf":
    case "departmentHistoryAsOf": {
      const vars: HistoryVariables = {
        department: body.department === null || body.department === undefined ? null : stringField(body, "department"),
        from: stringField(body, "from"),
        to: stringField(body, "to"),
      };
      return db.query(COVERAGE_HISTORY_AS_OF_SQL, [vars.department, vars.from, vars.to]);
    }
    case "actionStats": {
      const vars: ActionStatsVariables = { asOf: stringField(body, "asOf") };
      return db.query(ACTION_STATS_SQL, [vars.asOf]);
    }
    case "conventionFollowUp": {
      const vars: ConventionFollowUpVariables = { ref: stringField(body, "ref"), asOf: stringField(body, "asOf") };
      const rows = await db.query(CONVENTION_FOLLOW_UP_SQL, [vars.ref, vars.asOf]);
      return rows[0] ?? null;
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, payload: string): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

async function handle(db: Database, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const name = (req.url ?? "/").slice(1);
  if (req.method === "GET" && name === "healthz") return send(res, 200, `{"status":"ok"}`);
  if (req.method !== "POST" || !isQueryName(name)) return send(res, 404, `{"error":"not found"}`);
  try {
    const parsed: unknown = JSON.parse((await readBody(req)) || "{}");
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new RequestError("body must be a JSON object");
    send(res, 200, JSON.stringify(await answer(db, name, parsed as Record<string, unknown>)));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof RequestError) && !(error instanceof SyntaxError)) console.error("floor: query failed:", error);
    send(res, error instanceof RequestError || error instanceof SyntaxError ? 400 : 500, JSON.stringify({ error: message }));
  }
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT || 4100);
  const url = process.env.FLOOR_DATABASE_URL;
  const dataDir = process.env.FLOOR_PGLITE_DIR;
  if (!url && !dataDir) throw new Error("set FLOOR_DATABASE_URL or FLOOR_PGLITE_DIR");
  const db = url ? postgresDatabase(url, Number(process.env.FLOOR_POOL_SIZE || 10)) : await embeddedDatabase(dataDir ?? "");
  const server = createServer((req, res) => {
    void handle(db, req, res);
  });
  server.keepAliveTimeout = 5_000;
  server.listen(port, () => console.log(`floor: listening on ${port} (${url ? "PostgreSQL pool" : `PGlite ${dataDir}`})`));
  const stop = () => {
    server.close();
    db.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error("floor server failed to start:", error);
  process.exit(1);
});
