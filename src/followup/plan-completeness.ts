import { Arg, Ctx, Field, FieldResolver, Float, Int, ObjectType, Resolver, Root } from "type-graphql";
import { DateScalar, type IsoDate } from "../common/date";
import { Convention } from "../convention/convention.entity";
import type { HubContext } from "../graph/context";
import type { RowOf } from "../graph/resolver-utils";

/** Below this share a criterion flags the plan (Territoires en Transitions' completeness threshold). */
export const COMPLETENESS_THRESHOLD = 0.8;

@ObjectType({
  description:
    "Complétude d'un plan d'actions : la part des actions qui ont un pilote, une description, un budget, un indicateur " +
    `et une note de suivi récente ; signalée sous ${COMPLETENESS_THRESHOLD * 100} %`,
})
export class PlanCompleteness {
  @Field(() => Int, { description: "Actions du plan (sous-actions comprises)" })
  actions: number;

  @Field(() => Int, { description: "Actions avec au moins un pilote" })
  withPilot: number;

  @Field(() => Int, { description: "Actions décrites" })
  withDescription: number;

  @Field(() => Int, { description: "Actions avec un budget (ligne budgétaire ou budget global)" })
  withBudget: number;

  @Field(() => Int, { description: "Actions avec au moins une valeur d'indicateur" })
  withIndicator: number;

  @Field(() => Int, { description: "Actions avec une note de suivi datée des douze mois qui précèdent `asOf`" })
  withRecentNote: number;

  @Field(() => Float, { nullable: true, description: "Part la plus faible des cinq (null : plan sans action)" })
  lowestShare: number | null;

  @Field({ description: `Une des cinq parts est sous ${COMPLETENESS_THRESHOLD * 100} % (faux pour un plan sans action)` })
  belowThreshold: boolean;
}

interface CompletenessRecord {
  key: number;
  actions: number;
  with_pilot: number;
  with_description: number;
  with_budget: number;
  with_indicator: number;
  with_recent_note: number;
}

const COMPLETENESS_SQL = `
  SELECT a.convention_id AS key, count(*)::int AS actions,
    count(*) FILTER (WHERE EXISTS (SELECT 1 FROM action_pilot p WHERE p.action_id = a.id))::int AS with_pilot,
    count(*) FILTER (WHERE a.description IS NOT NULL)::int AS with_description,
    count(*) FILTER (WHERE a.budget IS NOT NULL OR EXISTS (SELECT 1 FROM action_budget_line b WHERE b.action_id = a.id))::int AS with_budget,
    count(*) FILTER (WHERE EXISTS (SELECT 1 FROM indicator_value v WHERE v.action_id = a.id))::int AS with_indicator,
    count(*) FILTER (WHERE EXISTS (SELECT 1 FROM action_note n WHERE n.action_id = a.id
      AND n.noted_on <= $2::date AND n.noted_on > $2::date - interval '12 months'))::int AS with_recent_note
  FROM action a WHERE a.convention_id = ANY($1::int[]) GROUP BY a.convention_id`;

function completeness(record: CompletenessRecord | undefined): PlanCompleteness {
  const result = new PlanCompleteness();
  result.actions = record?.actions ?? 0;
  result.withPilot = record?.with_pilot ?? 0;
  result.withDescription = record?.with_description ?? 0;
  result.withBudget = record?.with_budget ?? 0;
  result.withIndicator = record?.with_indicator ?? 0;
  result.withRecentNote = record?.with_recent_note ?? 0;
  const counts = [result.withPilot, result.withDescription, result.withBudget, result.withIndicator, result.withRecentNote];
  result.lowestShare = result.actions === 0 ? null : Math.min(...counts) / result.actions;
  result.belowThreshold = result.lowestShare !== null && result.lowestShare < COMPLETENESS_THRESHOLD;
  return result;
}

/** Figures per convention, batched: one statement per request and observation date, whatever the conventions. */
@Resolver(() => Convention)
export class PlanCompletenessResolver {
  @FieldResolver(() => PlanCompleteness, { description: "Complétude du plan d'actions à une date (par défaut aujourd'hui)" })
  planCompleteness(
    @Root() convention: RowOf<Convention>,
    @Ctx() ctx: HubContext,
    @Arg("asOf", () => DateScalar, { nullable: true, description: "Date d'observation des notes récentes (YYYY-MM-DD)" }) asOf?: IsoDate,
  ): Promise<PlanCompleteness> {
    const day = asOf ?? ctx.today;
    return ctx.loaders
      .batch(`planCompleteness:${day}`, async (keys) => {
        const records: CompletenessRecord[] = await ctx.manager.query(COMPLETENESS_SQL, [keys, day]);
        const byKey = new Map(records.map((record) => [record.key, record]));
        return keys.map((key) => completeness(byKey.get(Number(key))));
      })
      .load(convention.id);
  }
}
