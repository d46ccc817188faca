import { Arg, Ctx, Extensions, Field, ID, Int, Mutation, ObjectType, Resolver } from "type-graphql";
import { DateScalar, type IsoDate } from "../common/date";
import type { HubContext } from "../graph/context";
import { Action } from "./action.entity";
import { Convention } from "./convention.entity";
import { conventionWrites } from "./convention.write";
import {
  ActionProgressInput,
  CreateActionInput,
  CreateConventionInput,
  ObjectiveInput,
  RenewConventionInput,
  SignatoryInput,
  UpdateActionInput,
  UpdateConventionInput,
} from "./convention.write-inputs";
import { Objective } from "./objective.entity";
import { planWrites } from "./plan.write";
import { listBound } from "../graph/list-bounds";

@ObjectType({ simpleResolvers: true, description: "Action créée, avec les avertissements éventuels" })
export class CreateActionPayload {
  @Field(() => Action, { description: "L'action" })
  action: Action;

  @Extensions(listBound(20))
  @Field(() => [String], { description: "Avertissements (ex. thématique absente de la convention : acceptée mais signalée)" })
  warnings: string[];
}

const versionArg = { description: "Version lue par le client (verrouillage optimiste : CONFLICT si elle a changé)" };

/** Writes on conventions and actions: each mutation is one service call, then a fresh read of the row. */
@Resolver()
export class ConventionMutationResolver {
  private async reload(ctx: HubContext, id: number): Promise<Convention> {
    ctx.loaders.one<Convention>(Convention, "id").clear(id);
    return (await ctx.loaders.one<Convention>(Convention, "id").load(id)) as Convention;
  }

  @Mutation(() => Convention, { description: "Crée une CTG (communes couvertes par défaut : les membres du porteur)" })
  async createConvention(@Arg("input") input: CreateConventionInput, @Ctx() ctx: HubContext) {
    return this.reload(ctx, await conventionWrites.createConvention(ctx.manager, ctx.viewer, input));
  }

  @Mutation(() => Convention, { description: "Modifie une CTG" })
  async updateConvention(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Arg("input") input: UpdateConventionInput,
    @Ctx() ctx: HubContext,
  ) {
    return this.reload(ctx, await conventionWrites.updateConvention(ctx.manager, ctx.viewer, id, version, input));
  }

  @Mutation(() => Convention, { description: "Enregistre la signature d'une CTG en préparation" })
  async signConvention(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Arg("signedOn", () => DateScalar, { description: "Date de signature" }) signedOn: IsoDate,
    @Ctx() ctx: HubContext,
  ) {
    return this.reload(ctx, await conventionWrites.signConvention(ctx.manager, ctx.viewer, id, version, signedOn));
  }

  @Mutation(() => Convention, { description: "Résilie une CTG signée avant son terme" })
  async terminateConvention(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Arg("terminatedOn", () => DateScalar, { description: "Date de résiliation" }) terminatedOn: IsoDate,
    @Ctx() ctx: HubContext,
  ) {
    return this.reload(ctx, await conventionWrites.terminateConvention(ctx.manager, ctx.viewer, id, version, terminatedOn));
  }

  @Mutation(() => Convention, { description: "Renouvelle une CTG : crée la suivante, liée à la précédente" })
  async renewConvention(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Arg("input") input: RenewConventionInput,
    @Ctx() ctx: HubContext,
  ) {
    return this.reload(ctx, await conventionWrites.renewConvention(ctx.manager, ctx.viewer, id, version, input));
  }

  @Mutation(() => Convention, { description: "Fixe les communes couvertes (sans liste : les membres du porteur)" })
  async setCoveredCommunes(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Ctx() ctx: HubContext,
    @Arg("communes", () => [String], { nullable: true, description: "Codes INSEE" }) communes?: string[],
  ) {
    return this.reload(ctx, await conventionWrites.setCoveredCommunes(ctx.manager, ctx.viewer, id, version, communes));
  }

  @Mutation(() => Convention, { description: "Ajoute un signataire" })
  async addSignatory(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Arg("input") input: SignatoryInput,
    @Ctx() ctx: HubContext,
  ) {
    return this.reload(ctx, await conventionWrites.addSignatory(ctx.manager, ctx.viewer, id, version, input));
  }

  @Mutation(() => Convention, { description: "Retire un signataire" })
  async removeSignatory(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Arg("signatoryId", () => ID) signatoryId: string,
    @Ctx() ctx: HubContext,
  ) {
    return this.reload(ctx, await conventionWrites.removeSignatory(ctx.manager, ctx.viewer, id, version, signatoryId));
  }

  @Mutation(() => CreateActionPayload, { description: "Ajoute une action au plan d'actions" })
  async createAction(@Arg("input") input: CreateActionInput, @Ctx() ctx: HubContext) {
    const { id, warnings } = await conventionWrites.createAction(ctx.manager, ctx.viewer, input);
    return { action: await ctx.loaders.one<Action>(Action, "id").load(id), warnings };
  }

  @Mutation(() => Action, { description: "Met à jour l'état et l'avancement d'une action (agents CAF, partenaire opérateur ou pilote)" })
  async updateActionProgress(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Arg("input") input: ActionProgressInput,
    @Ctx() ctx: HubContext,
  ) {
    const actionId = await conventionWrites.updateActionProgress(ctx.manager, ctx.viewer, id, version, input);
    ctx.loaders.one<Action>(Action, "id").clear(actionId);
    return ctx.loaders.one<Action>(Action, "id").load(actionId);
  }

  @Mutation(() => Action, { description: "Modifie une action (agents CAF du département)" })
  async updateAction(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Arg("input") input: UpdateActionInput,
    @Ctx() ctx: HubContext,
  ) {
    const actionId = await planWrites.updateAction(ctx.manager, ctx.viewer, id, version, input);
    ctx.loaders.one<Action>(Action, "id").clear(actionId);
    return ctx.loaders.one<Action>(Action, "id").load(actionId);
  }

  @Mutation(() => Convention, { description: "Réordonne le plan d'actions (tous les identifiants, dans le nouvel ordre)" })
  async reorderActions(@Arg("conventionId", () => ID) conventionId: string, @Arg("ids", () => [ID]) ids: string[], @Ctx() ctx: HubContext) {
    return this.reload(ctx, await planWrites.reorderActions(ctx.manager, ctx.viewer, conventionId, ids));
  }

  @Mutation(() => Objective, { description: "Ajoute un objectif à une CTG" })
  async createObjective(@Arg("conventionId", () => ID) conventionId: string, @Arg("input") input: ObjectiveInput, @Ctx() ctx: HubContext) {
    return ctx.loaders.one<Objective>(Objective, "id").load(await planWrites.createObjective(ctx.manager, ctx.viewer, conventionId, input));
  }

  @Mutation(() => Objective, { description: "Modifie un objectif" })
  async updateObjective(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Arg("input") input: ObjectiveInput,
    @Ctx() ctx: HubContext,
  ) {
    const objectiveId = await planWrites.updateObjective(ctx.manager, ctx.viewer, id, version, input);
    ctx.loaders.one<Objective>(Objective, "id").clear(objectiveId);
    return ctx.loaders.one<Objective>(Objective, "id").load(objectiveId);
  }

  @Mutation(() => Convention, { description: "Réordonne les objectifs (tous les identifiants, dans le nouvel ordre)" })
  async reorderObjectives(
    @Arg("conventionId", () => ID) conventionId: string,
    @Arg("ids", () => [ID]) ids: string[],
    @Ctx() ctx: HubContext,
  ) {
    return this.reload(ctx, await planWrites.reorderObjectives(ctx.manager, ctx.viewer, conventionId, ids));
  }

  @Mutation(() => Convention, { description: "Ajoute un axe du SDSF décliné par la CTG" })
  async addConventionSdsfAxis(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Arg("sdsfAxisId", () => ID) sdsfAxisId: string,
    @Ctx() ctx: HubContext,
  ) {
    return this.reload(ctx, await planWrites.setConventionSdsfAxis(ctx.manager, ctx.viewer, id, version, sdsfAxisId, true));
  }

  @Mutation(() => Convention, { description: "Retire un axe du SDSF décliné par la CTG" })
  async removeConventionSdsfAxis(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Arg("sdsfAxisId", () => ID) sdsfAxisId: string,
    @Ctx() ctx: HubContext,
  ) {
    return this.reload(ctx, await planWrites.setConventionSdsfAxis(ctx.manager, ctx.viewer, id, version, sdsfAxisId, false));
  }
}
