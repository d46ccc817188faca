import { Arg, Args, Ctx, Extensions, FieldResolver, Float, Query, Resolver, Root, createUnionType } from "type-graphql";
import { PartnerAssociation } from "../association/partner-association.entity";
import { Partnership, PartnershipRole } from "../association/partnership.entity";
import { requireAllowed } from "../auth/restricted";
import { canReadRestricted, partnerAssociation } from "../auth/viewer";
import { DateScalar, type IsoDate } from "../common/date";
import { ActionConnection, CommuneConnection, ConventionConnection } from "../graphql/connections";
import type { HubContext } from "../graphql/context";
import { PageArgs, pageRequest } from "../graphql/pagination";
import { present, type RowOf } from "../graphql/resolver-utils";
import { SdsfAxis } from "../sdsf/sdsf-axis.entity";
import { Commune } from "../territory/commune.entity";
import { Department } from "../territory/department.entity";
import { Intercommunality } from "../territory/intercommunality.entity";
import { CommuneFilter, CommuneOrder } from "../territory/territory.inputs";
import { territoryLists } from "../territory/territory.service";
import { Action } from "./action.entity";
import { ConventionStatus } from "./convention-enums";
import { ConventionSignatory } from "./convention-signatory.entity";
import { conventionStatus } from "./convention-status";
import { Convention } from "./convention.entity";
import { ActionFilter, ActionOrder, ConventionFilter, ConventionOrder } from "./convention.inputs";
import { conventionLists } from "./convention.service";
import { Objective } from "./objective.entity";
import { AXES_PER_SCHEME_ESTIMATE, PARTNERSHIPS_ESTIMATE } from "../common/list-sizes";
import { listBound } from "../graphql/list-bounds";

/** True when the caller is the PARTNER association operating this action. */
async function operatesAction(action: Action, ctx: HubContext): Promise<boolean> {
  const association = partnerAssociation(ctx.viewer);
  if (association === null) return false;
  const partnerships = await ctx.loaders.partnershipsByActionId.load(action.id);
  return partnerships.some((p) => p.associationId === association && p.role === PartnershipRole.OPERATOR);
}

/** Rows are plain objects: an EPCI is told from a commune by a property only EPCI have. */
const isIntercommunality = (value: object): boolean => "municipalPopulation" in value;

/** The holder's GraphQL type name: synchronous, as graphql-jit needs (see src/graphql/schema.ts). */
export const conventionHolderTypeName = (value: object): string => (isIntercommunality(value) ? "Intercommunality" : "Commune");

export const ConventionHolder = createUnionType({
  name: "ConventionHolder",
  description: "Territoire porteur d'une CTG : une commune ou une intercommunalité",
  types: () => [Commune, Intercommunality] as const,
  resolveType: conventionHolderTypeName,
});

@Resolver(() => Convention)
export class ConventionResolver {
  @Query(() => Convention, { nullable: true, description: "Une CTG par sa référence (null si elle n'existe pas)" })
  async convention(
    @Arg("reference", { description: "Référence de la CTG (ex. CTG-52-2023-200044253)" }) reference: string,
    @Ctx() ctx: HubContext,
  ) {
    const rows: Array<{ id: number }> = await ctx.manager.query(`SELECT id FROM convention WHERE reference = $1`, [reference]);
    return rows.length > 0 ? ctx.loaders.conventionById.load(rows[0].id) : null;
  }

  @Query(() => ConventionConnection, { description: "CTG, filtrées, triées et paginées" })
  conventions(
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => ConventionFilter, { nullable: true, description: "Filtres" }) filter?: ConventionFilter,
    @Arg("orderBy", () => ConventionOrder, { nullable: true, description: "Tri (par défaut la référence)" }) orderBy?: ConventionOrder,
  ) {
    return conventionLists.conventions(ctx.manager, filter, orderBy, pageRequest(page), ctx.today);
  }

  @FieldResolver(() => ConventionStatus, { description: "Statut à une date (par défaut aujourd'hui), bornes incluses" })
  status(
    @Root() convention: RowOf<Convention>,
    @Ctx() ctx: HubContext,
    @Arg("asOf", () => DateScalar, { nullable: true, description: "Date d'observation (YYYY-MM-DD)" }) asOf?: IsoDate,
  ): ConventionStatus {
    return conventionStatus(convention, asOf ?? ctx.today);
  }

  @FieldResolver(() => String, { nullable: true, description: "Notes internes de la CAF (agents et analystes du département)" })
  internalNotes(@Root() convention: RowOf<Convention>, @Ctx() ctx: HubContext) {
    requireAllowed(canReadRestricted(ctx.viewer, convention.departmentCode), "internalNotes");
    return convention.internalNotes;
  }

  @FieldResolver(() => Department, { description: "Département de la CAF signataire" })
  department(@Root() convention: RowOf<Convention>, @Ctx() ctx: HubContext) {
    return ctx.loaders.departmentByCode.load(convention.departmentCode);
  }

  @FieldResolver(() => ConventionHolder, { description: "Territoire porteur" })
  holder(@Root() convention: RowOf<Convention>, @Ctx() ctx: HubContext) {
    return convention.holderIntercommunalitySiren
      ? ctx.loaders.intercommunalityBySiren.load(convention.holderIntercommunalitySiren)
      : ctx.loaders.communeByCode.load(convention.holderCommuneCode ?? "");
  }

  @Extensions(listBound(20))
  @FieldResolver(() => [ConventionSignatory], { description: "Signataires, dans l'ordre de la convention" })
  signatories(@Root() convention: RowOf<Convention>, @Ctx() ctx: HubContext) {
    return ctx.loaders.signatoriesByConventionId.load(convention.id);
  }

  @FieldResolver(() => CommuneConnection, { description: "Communes couvertes (par défaut les membres du porteur à la signature)" })
  coveredCommunes(
    @Root() convention: RowOf<Convention>,
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => CommuneFilter, { nullable: true, description: "Filtres" }) filter?: CommuneFilter,
    @Arg("orderBy", () => CommuneOrder, { nullable: true, description: "Tri (par défaut le code INSEE)" }) orderBy?: CommuneOrder,
  ) {
    return ctx.pages.load("convention.coveredCommunes", [filter, orderBy, page], convention.id, () =>
      territoryLists.coveredCommunesBy(ctx.manager, filter, orderBy, pageRequest(page), ctx.today));
  }

  @Extensions(listBound(30))
  @FieldResolver(() => [Objective], { description: "Objectifs, par rang" })
  objectives(@Root() convention: RowOf<Convention>, @Ctx() ctx: HubContext) {
    return ctx.loaders.objectivesByConventionId.load(convention.id);
  }

  @FieldResolver(() => ActionConnection, { description: "Plan d'actions (par défaut par rang)" })
  actions(
    @Root() convention: RowOf<Convention>,
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => ActionFilter, { nullable: true, description: "Filtres" }) filter?: ActionFilter,
    @Arg("orderBy", () => ActionOrder, { nullable: true, description: "Tri (par défaut le rang)" }) orderBy?: ActionOrder,
  ) {
    return ctx.pages.load("convention.actions", [filter, orderBy, page], convention.id, () =>
      conventionLists.actionsBy<number>(ctx.manager, "convention", filter, orderBy, pageRequest(page)));
  }

  @Extensions(listBound(PARTNERSHIPS_ESTIMATE))
  @FieldResolver(() => [Partnership], { description: "Associations partenaires de la convention, avec leur rôle" })
  partners(@Root() convention: RowOf<Convention>, @Ctx() ctx: HubContext) {
    return ctx.loaders.partnershipsByConventionId.load(convention.id);
  }

  @Extensions(listBound(AXES_PER_SCHEME_ESTIMATE))
  @FieldResolver(() => [SdsfAxis], { description: "Axes du SDSF que la convention décline" })
  async sdsfAxes(@Root() convention: RowOf<Convention>, @Ctx() ctx: HubContext) {
    const links = await ctx.loaders.sdsfAxisLinksByConventionId.load(convention.id);
    return present(await ctx.loaders.sdsfAxisById.loadMany(links.map((l) => l.sdsfAxisId)));
  }

  @FieldResolver(() => Convention, { nullable: true, description: "CTG précédente (renouvellement), si elle est enregistrée" })
  predecessor(@Root() convention: RowOf<Convention>, @Ctx() ctx: HubContext) {
    return convention.predecessorId ? ctx.loaders.conventionById.load(convention.predecessorId) : null;
  }

  @FieldResolver(() => Convention, { nullable: true, description: "CTG qui la renouvelle, si elle existe" })
  successor(@Root() convention: RowOf<Convention>, @Ctx() ctx: HubContext) {
    return ctx.loaders.successorByConventionId.load(convention.id);
  }
}

@Resolver(() => ConventionSignatory)
export class ConventionSignatoryResolver {
  @FieldResolver(() => Commune, { nullable: true, description: "Commune signataire" })
  commune(@Root() signatory: RowOf<ConventionSignatory>, @Ctx() ctx: HubContext) {
    return signatory.communeCode ? ctx.loaders.communeByCode.load(signatory.communeCode) : null;
  }

  @FieldResolver(() => Intercommunality, { nullable: true, description: "EPCI signataire" })
  intercommunality(@Root() signatory: RowOf<ConventionSignatory>, @Ctx() ctx: HubContext) {
    return signatory.intercommunalitySiren ? ctx.loaders.intercommunalityBySiren.load(signatory.intercommunalitySiren) : null;
  }

  @FieldResolver(() => PartnerAssociation, { nullable: true, description: "Association signataire" })
  association(@Root() signatory: RowOf<ConventionSignatory>, @Ctx() ctx: HubContext) {
    return signatory.associationId ? ctx.loaders.associationById.load(signatory.associationId) : null;
  }
}

@Resolver(() => Objective)
export class ObjectiveResolver {
  @FieldResolver(() => Convention, { description: "Convention de l'objectif" })
  convention(@Root() objective: RowOf<Objective>, @Ctx() ctx: HubContext) {
    return ctx.loaders.conventionById.load(objective.conventionId);
  }

  @Extensions(listBound(100))
  @FieldResolver(() => [Action], { description: "Actions rattachées à l'objectif" })
  actions(@Root() objective: RowOf<Objective>, @Ctx() ctx: HubContext) {
    return ctx.loaders.actionsByObjectiveId.load(objective.id);
  }
}

@Resolver(() => Action)
export class ActionResolver {
  @Query(() => ActionConnection, { description: "Actions, filtrées, triées et paginées" })
  actions(
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg("filter", () => ActionFilter, { nullable: true, description: "Filtres" }) filter?: ActionFilter,
    @Arg("orderBy", () => ActionOrder, { nullable: true, description: "Tri (par défaut l'ordre d'enregistrement)" }) orderBy?: ActionOrder,
  ) {
    return conventionLists.actions(ctx.manager, filter, orderBy, pageRequest(page));
  }

  @FieldResolver(() => Float, { nullable: true, description: "Budget en euros (agents et analystes du département, association opératrice)" })
  async budget(@Root() action: RowOf<Action>, @Ctx() ctx: HubContext) {
    if (!(await operatesAction(action, ctx))) {
      const convention = await ctx.loaders.conventionById.load(action.conventionId);
      requireAllowed(canReadRestricted(ctx.viewer, convention?.departmentCode ?? null), "budget");
    }
    return action.budget;
  }

  @FieldResolver(() => String, { nullable: true, description: "Notes internes de la CAF (agents et analystes du département)" })
  async internalNotes(@Root() action: RowOf<Action>, @Ctx() ctx: HubContext) {
    const convention = await ctx.loaders.conventionById.load(action.conventionId);
    requireAllowed(canReadRestricted(ctx.viewer, convention?.departmentCode ?? null), "internalNotes");
    return action.internalNotes;
  }

  @FieldResolver(() => Convention, { description: "Convention de l'action" })
  convention(@Root() action: RowOf<Action>, @Ctx() ctx: HubContext) {
    return ctx.loaders.conventionById.load(action.conventionId);
  }

  @FieldResolver(() => Objective, { nullable: true, description: "Objectif de l'action" })
  objective(@Root() action: RowOf<Action>, @Ctx() ctx: HubContext) {
    return action.objectiveId ? ctx.loaders.objectiveById.load(action.objectiveId) : null;
  }

  @FieldResolver(() => SdsfAxis, { nullable: true, description: "Axe du SDSF décliné" })
  sdsfAxis(@Root() action: RowOf<Action>, @Ctx() ctx: HubContext) {
    return action.sdsfAxisId ? ctx.loaders.sdsfAxisById.load(action.sdsfAxisId) : null;
  }

  @Extensions(listBound(10))
  @FieldResolver(() => [Partnership], { description: "Associations engagées dans l'action, avec leur rôle" })
  partners(@Root() action: RowOf<Action>, @Ctx() ctx: HubContext) {
    return ctx.loaders.partnershipsByActionId.load(action.id);
  }
}

