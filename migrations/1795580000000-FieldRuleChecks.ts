import type { MigrationInterface, QueryRunner } from "typeorm";

/** ASCII controls a one-line text never holds, and those a long text never holds (it keeps \n and \t). */
const ONE_LINE_CONTROLS = `'[\\x01-\\x1f\\x7f]'`;
const LONG_CONTROLS = `'[\\x01-\\x08\\x0b-\\x1f\\x7f]'`;
const TRIMMED = `'^\\S(.*\\S)?$'`;

const oneLine = (column: string) => `"${column}" !~ ${ONE_LINE_CONTROLS} AND "${column}" ~ ${TRIMMED}`;
const optionalOneLine = (column: string) => `"${column}" IS NULL OR (${oneLine(column)})`;
const optionalLong = (column: string) => `"${column}" IS NULL OR ("${column}" !~ ${LONG_CONTROLS} AND "${column}" ~ ${TRIMMED})`;

/** Leading and trailing white space (any, not only spaces) removed. */
const trim = (sql: string) => `regexp_replace(${sql}, '^\\s+|\\s+$', '', 'g')`;

/**
 * How a value the earlier code let in is brought to the rule before its constraint is added, as the
 * field rules would have stored it: a one-line text has its line breaks and tabs folded into a space
 * and loses other ASCII controls; a long text keeps \n and \t, turns CRLF into \n and loses other
 * controls; both are trimmed; an optional text left blank becomes NULL. A web site that is not
 * http(s) (a `javascript:` or `data:` link) is removed.
 */
const repairOneLine = (column: string, optional: boolean) => {
  const folded = trim(
    `regexp_replace(regexp_replace("${column}", '[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]', '', 'g'), '\\s*[\\r\\n\\t]\\s*', ' ', 'g')`,
  );
  return { set: optional ? `NULLIF(${folded}, '')` : folded, where: `"${column}" IS NOT NULL AND NOT (${oneLine(column)})` };
};
const repairLong = (column: string) => ({
  set: `NULLIF(${trim(`regexp_replace(replace("${column}", E'\\r\\n', E'\\n'), ${LONG_CONTROLS}, '', 'g')`)}, '')`,
  where: `NOT (${optionalLong(column)})`,
});

interface Constraint {
  table: string;
  name: string;
  expression: string;
  column?: string;
  repair?: { set: string; where: string };
}

const text = (table: string, column: string, kind: "oneLine" | "optionalOneLine" | "long"): Constraint => ({
  table,
  column,
  name: `${table}_${column}_text`,
  expression: kind === "oneLine" ? oneLine(column) : kind === "optionalOneLine" ? optionalOneLine(column) : optionalLong(column),
  repair: kind === "long" ? repairLong(column) : repairOneLine(column, kind === "optionalOneLine"),
});

const CONSTRAINTS: Constraint[] = [
  text("convention", "title", "oneLine"),
  text("convention", "description", "long"),
  text("convention", "internal_notes", "long"),
  text("objective", "title", "oneLine"),
  text("objective", "description", "long"),
  text("action", "title", "oneLine"),
  text("action", "description", "long"),
  text("action", "progress_note", "long"),
  text("action", "internal_notes", "long"),
  text("convention_signatory", "name", "oneLine"),
  text("sdsf_scheme", "title", "oneLine"),
  {
    table: "sdsf_scheme",
    name: "sdsf_scheme_signatory_bodies_text",
    expression: `array_to_string("signatory_bodies", ' ') !~ ${ONE_LINE_CONTROLS}`,
  },
  text("sdsf_axis", "title", "oneLine"),
  text("sdsf_axis", "description", "long"),
  text("partner_association", "name", "oneLine"),
  {
    table: "partner_association",
    name: "partner_association_contact_email_format",
    column: "contact_email",
    expression: `"contact_email" IS NULL OR ("contact_email" ~ '@' AND ${oneLine("contact_email")})`,
    repair: { set: "NULL", where: `NOT ("contact_email" IS NULL OR ("contact_email" ~ '@' AND ${oneLine("contact_email")}))` },
  },
  {
    table: "partner_association",
    name: "partner_association_contact_phone_format",
    column: "contact_phone",
    expression: `"contact_phone" IS NULL OR "contact_phone" ~ '^[+0-9 .()-]{6,20}$'`,
    repair: { set: "NULL", where: `NOT ("contact_phone" IS NULL OR "contact_phone" ~ '^[+0-9 .()-]{6,20}$')` },
  },
  {
    table: "partner_association",
    name: "partner_association_website_format",
    column: "website",
    expression: `"website" IS NULL OR "website" ~* '^https?://\\S+$'`,
    repair: {
      set: `CASE WHEN ${trim(`"website"`)} ~* '^https?://\\S+$' THEN ${trim(`"website"`)} END`,
      where: `NOT ("website" IS NULL OR "website" ~* '^https?://\\S+$')`,
    },
  },
  text("facility", "name", "oneLine"),
  text("facility", "operator_name", "optionalOneLine"),
  text("facility_approval", "granted_by", "optionalOneLine"),
  text("facility_approval", "description", "long"),
  text("territory_indicator", "note", "long"),
  {
    table: "territory_indicator",
    name: "territory_indicator_count_value",
    expression: `"indicator" NOT IN ('allocataires', 'children_under_3', 'eaje_places', 'population') OR ("value" >= 0 AND "value" = trunc("value"))`,
  },
];

/**
 * CHECK constraints behind the field rules (src/common/field-rules.ts, src/db/value-checks.ts). Values
 * the earlier code accepted are first brought to the rule where that is unambiguous (see the repairs);
 * a constraint that existing rows still break (a negative count of allocataires: no right value to
 * guess) is added NOT VALID — new rows are checked, and `ALTER TABLE … VALIDATE CONSTRAINT …` succeeds
 * once those rows are corrected (README, "Valeurs").
 */
export class FieldRuleChecks1795580000000 implements MigrationInterface {
  name = "FieldRuleChecks1795580000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const constraint of CONSTRAINTS) {
      const { table, name, expression, column, repair } = constraint;
      if (repair && column) await queryRunner.query(`UPDATE "${table}" SET "${column}" = ${repair.set} WHERE ${repair.where}`);
      const [{ broken }]: Array<{ broken: boolean }> = await queryRunner.query(
        `SELECT EXISTS (SELECT 1 FROM "${table}" WHERE NOT (${expression})) AS broken`,
      );
      await queryRunner.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${name}" CHECK (${expression})${broken ? " NOT VALID" : ""}`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const { table, name } of [...CONSTRAINTS].reverse()) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
    }
  }
}
