import { getMetadataStorage as validatorMetadata } from "class-validator";
import { getNamedType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLInputType } from "graphql";
import { getMetadataStorage as typeGraphqlMetadata } from "type-graphql";
import { FIELD_RULES, type Checked } from "../../src/common/field-rules";
import { FIELD_RULE_VALIDATOR } from "../../src/common/rule-validator";
import { COUNT_INDICATORS_SQL } from "../../src/db/value-checks";
import { buildHubSchema } from "../../src/server/schema";
import { parseNumber, parseText } from "../../src/import/fields";
import { COUNT_INDICATORS, indicatorValueRule } from "../../src/indicator/indicator-catalogue";

const outcome = <T>(checked: Checked<T>) => (checked.ok ? checked.value : `✗ ${checked.reason}`);
const refused = <T>(checked: Checked<T>) => !checked.ok;

/** One rule per field, the same for the API's inputs and the imports. */
describe("field rules", () => {
  it.each([
    ["a NUL byte", "Titre\u0000caché"],
    ["a control character", "Titre\u0007"],
    ["a C1 control (a Windows-1252 character read as Latin-1)", "L\u0092été"],
    ["a right-to-left override", "Crèche \u202Eenohp"],
    ["a lone surrogate", "Titre \ud800"],
    ["a line separator", "Titre\u2028suite"],
    ["whitespace only", "   \u00a0\t "],
    ["nothing", ""],
    ["too short once trimmed", "  ab  "],
  ])("refuses a title with %s", (_label, value) => {
    expect(refused(FIELD_RULES.title.check(value))).toBe(true);
  });

  it("says why in French, naming the character and its position", () => {
    expect(outcome(FIELD_RULES.title.check("Ab\u0000cd"))).toBe("✗ caractère de contrôle ou invisible interdit (U+0000, en position 3)");
    expect(outcome(FIELD_RULES.title.check("   "))).toBe("✗ texte vide (espaces seuls)");
    expect(outcome(FIELD_RULES.title.check("x".repeat(301)))).toBe("✗ 3 à 300 caractères attendus (reçu 301)");
  });

  it("stores texts trimmed and in NFC; one-line texts fold line breaks, long texts keep them", () => {
    expect(outcome(FIELD_RULES.title.check("  Cre\u0300che des   Tilleuls \r\n"))).toBe("Crèche des   Tilleuls");
    expect(outcome(FIELD_RULES.name.check("Lieu d'accueil\n  enfants-parents"))).toBe("Lieu d'accueil enfants-parents");
    expect(outcome(FIELD_RULES.longText.check("  Ligne 1\r\n\tLigne 2\n"))).toBe("Ligne 1\n\tLigne 2");
    expect(refused(FIELD_RULES.longText.check("Ligne 1\u0000"))).toBe(true);
    // Length counts characters, not UTF-16 units: 300 emoji fit a 300-character title.
    expect(outcome(FIELD_RULES.title.check("😀".repeat(300)))).toBe("😀".repeat(300));
  });

  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "ftp://exemple.fr",
    "vbscript:msgbox",
    "http://",
    "https://user:secret@exemple.fr",
    "https://exemple.fr/a b",
    "www.exemple.fr",
  ])("refuses %p as a web site", (value) => {
    expect(refused(FIELD_RULES.website.check(value))).toBe(true);
  });

  it("accepts http(s) web sites", () => {
    expect(outcome(FIELD_RULES.website.check(" https://www.caf.fr/allocataires "))).toBe("https://www.caf.fr/allocataires");
    expect(outcome(FIELD_RULES.website.check("http://exemple.fr"))).toBe("http://exemple.fr");
  });

  it("bounds numbers by their column and rounds them to its scale", () => {
    expect([1e20, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e12].map((v) => refused(FIELD_RULES.budget.check(v)))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(outcome(FIELD_RULES.budget.check(999_999_999_999.99))).toBe(999_999_999_999.99);
    expect(outcome(FIELD_RULES.budget.check(12.345))).toBe(12.35);
    expect(outcome(FIELD_RULES.budget.check(1e20))).toBe(
      "✗ nombre entre 0 et 999 999 999 999,99 € attendu (reçu 100 000 000 000 000 000 000)",
    );
    expect([1.5, -1, 100_001].map((v) => refused(FIELD_RULES.capacity.check(v)))).toEqual([true, true, true]);
  });

  it("validates an indicator's values by the indicator: counts are non-negative integers", () => {
    const allocataires = indicatorValueRule("allocataires");
    expect([-5, 612.7, 1e308].map((v) => refused(allocataires.check(v)))).toEqual([true, true, true]);
    expect(outcome(allocataires.check(612))).toBe(612);
    expect(outcome(allocataires.check(612.7))).toMatch(/pas un entier/);
    const other = indicatorValueRule("taux_test");
    expect([outcome(other.check(-2.5)), outcome(other.check(12.25)), refused(other.check(1e308))]).toEqual([-2.5, 12.25, true]);
  });

  it("reads import cells through the same rules", () => {
    expect(outcome(parseText("  Crèche\n des Tilleuls ", FIELD_RULES.name))).toBe("Crèche des Tilleuls");
    expect(refused(parseText("   ", FIELD_RULES.title))).toBe(true);
    expect(refused(parseText("javascript:alert(1)", FIELD_RULES.website))).toBe(true);
    expect(outcome(parseNumber("1 234,567", FIELD_RULES.budget))).toBe(1234.57);
    expect([
      refused(parseNumber("-5", indicatorValueRule("allocataires"))),
      refused(parseNumber("612,7", indicatorValueRule("allocataires"))),
    ]).toEqual([true, true]);
    expect(refused(parseNumber(1e308, indicatorValueRule("population")))).toBe(true);
  });

  it("lists the same count indicators as the database's CHECK constraint", () => {
    const inCheck = COUNT_INDICATORS_SQL.split(",")
      .map((code) => code.trim().replace(/'/g, ""))
      .sort();
    expect(inCheck).toEqual(COUNT_INDICATORS);
  });

  it("puts a rule on every value field of every mutation input", async () => {
    const schema = await buildHubSchema();
    // type-graphql keeps its metadata on Node's global, which outlives a Jest test file: the classes of
    // this file's modules are the last registered under each name.
    const inputClass = (name: string) => [...typeGraphqlMetadata().inputTypes].reverse().find((t) => t.name === name)?.target;
    const unruled: string[] = [];
    const seen = new Set<string>();
    const visit = (type: GraphQLInputType) => {
      const named = getNamedType(type);
      if (!isInputObjectType(named) || seen.has(named.name)) return;
      seen.add(named.name);
      const target = inputClass(named.name);
      const validated = new Set(
        target
          ? validatorMetadata()
              .getTargetValidationMetadatas(target, "", true, false)
              .map((m) => m.propertyName)
          : [],
      );
      for (const field of Object.values(named.getFields())) {
        let fieldType = field.type;
        while (isNonNullType(fieldType) || isListType(fieldType)) fieldType = fieldType.ofType;
        // Values a caller types: texts and numbers. IDs go through parseId, enums and dates through their type.
        if (isScalarType(fieldType) && ["String", "Int", "Float"].includes(fieldType.name) && !validated.has(field.name)) {
          unruled.push(`${named.name}.${field.name}`);
        }
        visit(field.type);
      }
    };
    for (const mutation of Object.values(schema.getMutationType()?.getFields() ?? {})) for (const arg of mutation.args) visit(arg.type);
    expect(seen.size).toBeGreaterThan(10);
    expect(unruled).toEqual([]);
    // And those rules are the field rules (not a loose class-validator check beside them).
    const ruled = validatorMetadata()
      .getTargetValidationMetadatas(inputClass("CreateConventionInput") as Function, "", true, false)
      .filter((m) => m.name === FIELD_RULE_VALIDATOR)
      .map((m) => m.propertyName);
    expect(ruled).toEqual(expect.arrayContaining(["title", "reference", "description", "coveredCommunes"]));
  });
});
