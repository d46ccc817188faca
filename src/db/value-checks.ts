import { Check } from "typeorm";

/**
 * The CHECK constraints backing the field rules (src/common/field-rules.ts) in the database, whatever
 * code writes: no ASCII control character, trimmed, not blank; long texts keep line breaks and tabs;
 * web sites are http(s); counts are whole and never negative. The rules themselves are stricter (C1
 * controls, bidirectional overrides, lengths): these only make sure no other writer stores what no
 * reader expects. Migration 1795580000000-FieldRuleChecks created them.
 */
const ONE_LINE = (column: string) => `"${column}" !~ '[\\x01-\\x1f\\x7f]' AND "${column}" ~ '^\\S(.*\\S)?$'`;
const OPTIONAL_ONE_LINE = (column: string) => `"${column}" IS NULL OR (${ONE_LINE(column)})`;
const OPTIONAL_LONG = (column: string) =>
  `"${column}" IS NULL OR ("${column}" !~ '[\\x01-\\x08\\x0b-\\x1f\\x7f]' AND "${column}" ~ '^\\S(.*\\S)?$')`;

/** Indicators whose values are counts (src/indicator/indicator-catalogue.ts, compared by a test). */
export const COUNT_INDICATORS_SQL = [
  "allocataires",
  "children_under_3",
  "eaje_places",
  "indfoy_ab",
  "indfoy_af",
  "indfoy_alf",
  "indfoy_als",
  "indfoy_apl",
  "indfoy_asf",
  "indfoy_cf",
  "indfoy_cmg",
  "indfoy_ndur",
  "indfoy_ndural",
  "indfoy_ndurpaje",
  "indfoy_ppa",
  "indfoy_rsa",
  "indnbp_ndur",
  "population",
]
  .map((code) => `'${code}'`)
  .join(", ");

export interface ValueCheck {
  table: string;
  name: string;
  expression: string;
}

export const VALUE_CHECKS: readonly ValueCheck[] = [
  { table: "convention", name: "convention_title_text", expression: ONE_LINE("title") },
  { table: "convention", name: "convention_description_text", expression: OPTIONAL_LONG("description") },
  { table: "convention", name: "convention_internal_notes_text", expression: OPTIONAL_LONG("internal_notes") },
  { table: "objective", name: "objective_title_text", expression: ONE_LINE("title") },
  { table: "objective", name: "objective_description_text", expression: OPTIONAL_LONG("description") },
  { table: "action", name: "action_title_text", expression: ONE_LINE("title") },
  { table: "action", name: "action_description_text", expression: OPTIONAL_LONG("description") },
  { table: "action", name: "action_progress_note_text", expression: OPTIONAL_LONG("progress_note") },
  { table: "action", name: "action_internal_notes_text", expression: OPTIONAL_LONG("internal_notes") },
  { table: "action", name: "action_elected_referent_name_text", expression: OPTIONAL_ONE_LINE("elected_referent_name") },
  { table: "action", name: "action_elected_referent_mandate_text", expression: OPTIONAL_ONE_LINE("elected_referent_mandate") },
  { table: "convention_signatory", name: "convention_signatory_name_text", expression: ONE_LINE("name") },
  { table: "sdsf_scheme", name: "sdsf_scheme_title_text", expression: ONE_LINE("title") },
  {
    table: "sdsf_scheme",
    name: "sdsf_scheme_signatory_bodies_text",
    expression: `array_to_string("signatory_bodies", ' ') !~ '[\\x01-\\x1f\\x7f]'`,
  },
  { table: "sdsf_axis", name: "sdsf_axis_title_text", expression: ONE_LINE("title") },
  { table: "sdsf_axis", name: "sdsf_axis_description_text", expression: OPTIONAL_LONG("description") },
  { table: "partner_association", name: "partner_association_name_text", expression: ONE_LINE("name") },
  {
    table: "partner_association",
    name: "partner_association_contact_email_format",
    expression: `"contact_email" IS NULL OR ("contact_email" ~ '@' AND ${ONE_LINE("contact_email")})`,
  },
  {
    table: "partner_association",
    name: "partner_association_contact_phone_format",
    expression: `"contact_phone" IS NULL OR "contact_phone" ~ '^[+0-9 .()-]{6,20}$'`,
  },
  {
    table: "partner_association",
    name: "partner_association_website_format",
    expression: `"website" IS NULL OR "website" ~* '^https?://\\S+$'`,
  },
  { table: "action_pilot", name: "action_pilot_name_text", expression: OPTIONAL_ONE_LINE("name") },
  { table: "action_pilot", name: "action_pilot_role_text", expression: OPTIONAL_ONE_LINE("role") },
  { table: "action_pilot", name: "action_pilot_organisation_text", expression: OPTIONAL_ONE_LINE("organisation") },
  { table: "action_pilot", name: "action_pilot_contact_text", expression: OPTIONAL_ONE_LINE("contact") },
  { table: "action_funding", name: "action_funding_funder_name_text", expression: OPTIONAL_ONE_LINE("funder_name") },
  { table: "action_note", name: "action_note_author_text", expression: ONE_LINE("author") },
  { table: "action_note", name: "action_note_text_text", expression: OPTIONAL_LONG("text") },
  { table: "convention_meeting", name: "convention_meeting_decisions_text", expression: OPTIONAL_LONG("decisions") },
  { table: "meeting_attendance", name: "meeting_attendance_organisation_text", expression: ONE_LINE("organisation") },
  { table: "meeting_attendance", name: "meeting_attendance_attendees_count", expression: `"attendees" IS NULL OR "attendees" >= 0` },
  { table: "convention_evaluation", name: "convention_evaluation_summary_text", expression: OPTIONAL_LONG("summary") },
  { table: "objective_assessment", name: "objective_assessment_comment_text", expression: OPTIONAL_LONG("comment") },
  { table: "indicator_definition", name: "indicator_definition_label_text", expression: ONE_LINE("label") },
  { table: "indicator_definition", name: "indicator_definition_unit_text", expression: OPTIONAL_ONE_LINE("unit") },
  { table: "facility", name: "facility_name_text", expression: ONE_LINE("name") },
  { table: "facility", name: "facility_operator_name_text", expression: OPTIONAL_ONE_LINE("operator_name") },
  { table: "facility_approval", name: "facility_approval_granted_by_text", expression: OPTIONAL_ONE_LINE("granted_by") },
  { table: "facility_approval", name: "facility_approval_description_text", expression: OPTIONAL_LONG("description") },
  { table: "indicator_value", name: "indicator_value_note_text", expression: OPTIONAL_LONG("note") },
  {
    table: "indicator_value",
    name: "indicator_value_count_value",
    expression: `"indicator" NOT IN (${COUNT_INDICATORS_SQL}) OR ("value" >= 0 AND "value" = trunc("value"))`,
  },
];

/** `@ValueChecks("convention")` on an entity: its CHECKs of VALUE_CHECKS, so the schema builder sees no drift. */
export function ValueChecks(table: string): ClassDecorator {
  return (target) => {
    for (const check of VALUE_CHECKS.filter((c) => c.table === table)) Check(check.name, check.expression)(target);
  };
}
