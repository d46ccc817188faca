import { Arg, Ctx, FieldResolver, Query, Resolver, Root, createUnionType } from "type-graphql";
import { DateScalar, type IsoDate } from "../common/date";
import type { HubContext } from "../graphql/context";
import { present } from "../graphql/resolver-utils";
import { Commune } from "../territory/commune.entity";
import { Department } from "../territory/department.entity";
import { Intercommunality } from "../territory/intercommunality.entity";
import { Action } from "./action.entity";
import { ConventionStatus } from "./convention-enums";
import { ConventionSignatory } from "./convention-signatory.entity";
import { conventionStatus } from "./convention-status";
import { Convention } from "./convention.entity";
import { Objective } from "./objective.entity";

export const ConventionHolder = createUnionType({
  name: "ConventionHolder",
  description: "Territoire porteur d'une CTG : une commune ou une intercommunalité",
  types: () => [Commune, Intercommunality] as const,
  resolveType: (value) => (value instanceof Intercommunality ? Intercommunality : Commune),
});

@Resolver(() => Convention)
export class ConventionResolver {
  @Query(() => Convention, { nullable: true, description: "Une CTG par sa référence (null si elle n'existe pas)" })
  convention(
    @Arg("reference", { description: "Référence de la CTG (ex. CTG-52-2023-200044253)" }) reference: string,
    @Ctx() ctx: HubContext,
  ) {
    return ctx.manager.findOneBy(Convention, { reference });
  }

  @FieldResolver(() => ConventionStatus, { description: "Statut à une date (par défaut aujourd'hui), bornes incluses" })
  status(
    @Root() convention: Convention,
    @Ctx() ctx: HubContext,
    @Arg("asOf", () => DateScalar, { nullable: true, description: "Date d'observation (YYYY-MM-DD)" }) asOf?: IsoDate,
  ): ConventionStatus {
    return conventionStatus(convention, asOf ?? ctx.today);
  }

  @FieldResolver(() => Department, { description: "Département de la CAF signataire" })
  department(@Root() convention: Convention, @Ctx() ctx: HubContext) {
    return ctx.loaders.departmentByCode.load(convention.departmentCode);
  }

  @FieldResolver(() => ConventionHolder, { description: "Territoire porteur" })
  holder(@Root() convention: Convention, @Ctx() ctx: HubContext) {
    return convention.holderIntercommunalitySiren
      ? ctx.loaders.intercommunalityBySiren.load(convention.holderIntercommunalitySiren)
      : ctx.loaders.communeByCode.load(convention.holderCommuneCode ?? "");
  }

  @FieldResolver(() => [ConventionSignatory], { description: "Signataires, dans l'ordre de la convention" })
  signatories(@Root() convention: Convention, @Ctx() ctx: HubContext) {
    return ctx.loaders.signatoriesByConventionId.load(convention.id);
  }

  @FieldResolver(() => [Commune], { description: "Communes couvertes (par défaut les membres du porteur à la signature)" })
  async coveredCommunes(@Root() convention: Convention, @Ctx() ctx: HubContext) {
    const links = await ctx.loaders.coverageByConventionId.load(convention.id);
    return present(await ctx.loaders.communeByCode.loadMany(links.map((l) => l.communeCode)));
  }

  @FieldResolver(() => [Objective], { description: "Objectifs, par rang" })
  objectives(@Root() convention: Convention, @Ctx() ctx: HubContext) {
    return ctx.loaders.objectivesByConventionId.load(convention.id);
  }

  @FieldResolver(() => [Action], { description: "Plan d'actions, par rang" })
  actions(@Root() convention: Convention, @Ctx() ctx: HubContext) {
    return ctx.loaders.actionsByConventionId.load(convention.id);
  }

  @FieldResolver(() => Convention, { nullable: true, description: "CTG précédente (renouvellement), si elle est enregistrée" })
  predecessor(@Root() convention: Convention, @Ctx() ctx: HubContext) {
    return convention.predecessorId ? ctx.loaders.conventionById.load(convention.predecessorId) : null;
  }

  @FieldResolver(() => Convention, { nullable: true, description: "CTG qui la renouvelle, si elle existe" })
  successor(@Root() convention: Convention, @Ctx() ctx: HubContext) {
    return ctx.loaders.successorByConventionId.load(convention.id);
  }
}

@Resolver(() => ConventionSignatory)
export class ConventionSignatoryResolver {
  @FieldResolver(() => Commune, { nullable: true, description: "Commune signataire" })
  commune(@Root() signatory: ConventionSignatory, @Ctx() ctx: HubContext) {
    return signatory.communeCode ? ctx.loaders.communeByCode.load(signatory.communeCode) : null;
  }

  @FieldResolver(() => Intercommunality, { nullable: true, description: "EPCI signataire" })
  intercommunality(@Root() signatory: ConventionSignatory, @Ctx() ctx: HubContext) {
    return signatory.intercommunalitySiren ? ctx.loaders.intercommunalityBySiren.load(signatory.intercommunalitySiren) : null;
  }
}

@Resolver(() => Objective)
export class ObjectiveResolver {
  @FieldResolver(() => [Action], { description: "Actions rattachées à l'objectif" })
  actions(@Root() objective: Objective, @Ctx() ctx: HubContext) {
    return ctx.loaders.actionsByObjectiveId.load(objective.id);
  }
}

@Resolver(() => Action)
export class ActionResolver {
  @FieldResolver(() => Convention, { description: "Convention de l'action" })
  async convention(@Root() action: Action, @Ctx() ctx: HubContext) {
    return ctx.loaders.conventionById.load(action.conventionId);
  }

  @FieldResolver(() => Objective, { nullable: true, description: "Objectif de l'action" })
  objective(@Root() action: Action, @Ctx() ctx: HubContext) {
    return action.objectiveId ? ctx.loaders.objectiveById.load(action.objectiveId) : null;
  }
}
