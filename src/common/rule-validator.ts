import type { ValidationArguments } from "class-validator";
// By path, not the package's index (which loads every validator): see class-validator-parts.d.ts.
import { registerDecorator } from "class-validator/cjs/register-decorator";
import type { Checked, FieldRule } from "./field-rules";

/** The class-validator name of `@Rule`: a test finds every input field that carries one. */
export const FIELD_RULE_VALIDATOR = "fieldRule";

type Judge = (value: unknown, object: object) => Checked<unknown>;

function applyRule(rule: FieldRule, value: unknown): Checked<unknown> {
  if (rule.type === "text") return typeof value === "string" ? rule.check(value) : { ok: false, reason: "texte attendu" };
  return typeof value === "number" ? rule.check(value) : { ok: false, reason: "nombre attendu" };
}

/**
 * Registers a check whose success also stores the normalised value (trimmed text, rounded number) on
 * the input object: type-graphql hands the resolver the instance it validated, so services receive
 * values exactly as they will be stored. An optional text left blank becomes null (cleared).
 */
function registerJudge(name: string, judge: Judge, options: { blankIsNull: boolean }) {
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name: FIELD_RULE_VALIDATOR,
      target: target.constructor,
      propertyName,
      constraints: [name],
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          if (options.blankIsNull && typeof value === "string" && value.trim() === "") {
            (args.object as Record<string, unknown>)[args.property] = null;
            return true;
          }
          const checked = judge(value, args.object);
          if (checked.ok) (args.object as Record<string, unknown>)[args.property] = checked.value;
          return checked.ok;
        },
        defaultMessage(args: ValidationArguments): string {
          const checked = judge(args.value, args.object);
          return `${args.property} : ${checked.ok ? "valeur invalide" : checked.reason}`;
        },
      },
    });
  };
}

/**
 * `@Rule(FIELD_RULES.title)`: the field's one rule, as the imports apply it. Null and absent values are
 * not checked (type-graphql validates with skipMissingProperties): GraphQL's non-null says what is
 * required; `optional: true` turns a blank text into null.
 */
export function Rule(rule: FieldRule, options: { optional?: boolean } = {}) {
  return registerJudge(rule.type, (value) => applyRule(rule, value), { blankIsNull: options.optional === true && rule.type === "text" });
}

/** `@RuleEach(FIELD_RULES.name, 50)`: a list of at most `max` items, each under the rule. */
export function RuleEach(rule: FieldRule, max: number) {
  return registerJudge(
    `${rule.type}[]`,
    (value) => {
      if (!Array.isArray(value)) return { ok: false, reason: "liste attendue" };
      if (value.length > max) return { ok: false, reason: `${max} éléments au plus (reçu ${value.length})` };
      const items: unknown[] = [];
      for (const [index, item] of value.entries()) {
        const checked = applyRule(rule, item);
        if (!checked.ok) return { ok: false, reason: `élément ${index + 1} : ${checked.reason}` };
        items.push(checked.value);
      }
      return { ok: true, value: items };
    },
    { blankIsNull: false },
  );
}

/**
 * A rule that depends on another field of the same input (an indicator's value depends on the
 * indicator): `ruleOf(object)` picks it.
 */
export function RuleFrom<T extends object>(ruleOf: (object: T) => FieldRule) {
  return registerJudge("dependent", (value, object) => applyRule(ruleOf(object as T), value), { blankIsNull: false });
}
