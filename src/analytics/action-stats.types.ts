import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Theme } from "../common/theme";
import { ActionPriority, ActionStatus, TargetPublic } from "../convention/convention-enums";
import { FunderKind, PilotKind } from "../convention/followup-enums";

/** What `actionStats` groups actions by; several at once, with totals. */
export enum ActionDimension {
  DEPARTMENT = "DEPARTMENT",
  INTERCOMMUNALITY = "INTERCOMMUNALITY",
  CONVENTION = "CONVENTION",
  THEME = "THEME",
  STATUS = "STATUS",
  PRIORITY = "PRIORITY",
  LATE = "LATE",
  PILOT_KIND = "PILOT_KIND",
  FUNDER = "FUNDER",
  YEAR = "YEAR",
  SDSF_AXIS = "SDSF_AXIS",
  TARGET_PUBLIC = "TARGET_PUBLIC",
}

registerEnumType(ActionDimension, {
  name: "ActionDimension",
  description: "Axe de regroupement des actions",
  valuesConfig: {
    DEPARTMENT: { description: "Département de la CTG" },
    INTERCOMMUNALITY: { description: "EPCI porteur de la CTG (null : CTG communale)" },
    CONVENTION: { description: "CTG (référence)" },
    THEME: { description: "Thématique de l'action" },
    STATUS: { description: "État d'avancement" },
    PRIORITY: { description: "Priorité" },
    LATE: { description: "En retard à `asOf`" },
    PILOT_KIND: { description: "Nature des pilotes (une action compte sous chacune ; null : sans pilote)" },
    FUNDER: { description: "Financeur (les montants sont alors ceux des financements)" },
    YEAR: { description: "Année des lignes budgétaires ou des financements (null : toute la durée, ou sans budget)" },
    SDSF_AXIS: { description: "Axe du SDSF décliné" },
    TARGET_PUBLIC: { description: "Public visé (une action compte sous chacun ; null : sans public renseigné)" },
  },
});

@ObjectType({ description: "Un groupe d'actions : ses valeurs de regroupement, le nombre d'actions et l'argent prévu et réalisé" })
export class ActionStatsRow {
  @Field(() => [ActionDimension], { description: "Axes totalisés dans cette ligne (leurs champs sont null) ; vide : le détail" })
  totals: ActionDimension[];

  @Field(() => String, { nullable: true, description: "Département" })
  department: string | null;

  @Field(() => String, { nullable: true, description: "SIREN de l'EPCI porteur" })
  intercommunality: string | null;

  @Field(() => String, { nullable: true, description: "Référence de la CTG" })
  convention: string | null;

  @Field(() => Theme, { nullable: true, description: "Thématique" })
  theme: Theme | null;

  @Field(() => ActionStatus, { nullable: true, description: "État d'avancement" })
  status: ActionStatus | null;

  @Field(() => ActionPriority, { nullable: true, description: "Priorité" })
  priority: ActionPriority | null;

  @Field(() => Boolean, { nullable: true, description: "En retard" })
  late: boolean | null;

  @Field(() => PilotKind, { nullable: true, description: "Nature de pilote" })
  pilotKind: PilotKind | null;

  @Field(() => FunderKind, { nullable: true, description: "Financeur" })
  funder: FunderKind | null;

  @Field(() => Int, { nullable: true, description: "Année" })
  year: number | null;

  @Field(() => ID, { nullable: true, description: "Axe du SDSF" })
  sdsfAxis: string | null;

  @Field(() => TargetPublic, { nullable: true, description: "Public visé" })
  targetPublic: TargetPublic | null;

  @Field(() => Int, { description: "Actions (chacune comptée une fois dans le groupe)" })
  actions: number;

  @Field(() => Int, { description: "Actions en retard à `asOf`" })
  lateActions: number;

  /** Restricted like budgets: read through the resolver's check. */
  plannedEuros: number | null;
  actualEuros: number | null;
  /** The département the caller's filter named (null: all), for the money check. */
  scopeDepartment: string | null;
}
