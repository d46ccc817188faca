import { Arg, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import { Action } from "../convention/action.entity";
import { Convention } from "../convention/convention.entity";
import type { HubContext } from "../graph/context";
import type { NodeClass } from "../graph/declare";
import { ActionBudgetLine } from "./action-budget-line.entity";
import { ActionFunding } from "./action-funding.entity";
import { ActionNote } from "./action-note.entity";
import { ConventionEvaluation } from "./convention-evaluation.entity";
import { ConventionMeeting } from "./convention-meeting.entity";
import { governanceWrites } from "./followup.governance.write";
import { moneyWrites } from "./followup.money.write";
import { followUpWrites } from "./followup.write";
import { BudgetLineInput, EvaluationInput, FundingInput, MeetingInput, NoteInput, PilotInput } from "./followup.write-inputs";

const versionArg = { description: "Version lue par le client (verrouillage optimiste : CONFLICT si elle a changé)" };
const newOrVersion = {
  nullable: true,
  description: "Absente : crée l'enregistrement ; sinon la version lue (verrouillage optimiste : CONFLICT si elle a changé)",
};

/** Writes of the follow-up: each mutation is one service call, then a fresh read of the row (or of its parent after a removal). */
@Resolver()
export class FollowUpMutationResolver {
  private async reload<T extends object>(ctx: HubContext, entity: NodeClass, id: number): Promise<T> {
    const loader = ctx.loaders.one<T>(entity, "id");
    loader.clear(id);
    return (await loader.load(id)) as T;
  }

  @Mutation(() => Action, { description: "Remplace les pilotes d'une action, le principal en premier (agents CAF du département)" })
  async setActionPilots(
    @Arg("actionId", () => ID) actionId: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Arg("pilots", () => [PilotInput], { description: "Pilotes, dans l'ordre (liste vide : aucun)" }) pilots: PilotInput[],
    @Ctx() ctx: HubContext,
  ) {
    return this.reload<Action>(ctx, Action, await followUpWrites.setActionPilots(ctx, actionId, version, pilots));
  }

  @Mutation(() => ActionBudgetLine, {
    description:
      "Crée ou modifie la ligne budgétaire d'une action pour (nature, unité, année) (agents CAF ; partenaire opérateur ou pilote : le réalisé d'une ligne existante)",
  })
  async setActionBudgetLine(
    @Arg("actionId", () => ID) actionId: string,
    @Arg("input") input: BudgetLineInput,
    @Ctx() ctx: HubContext,
    @Arg("version", () => Int, newOrVersion) version?: number | null,
  ) {
    return this.reload<ActionBudgetLine>(ctx, ActionBudgetLine, await moneyWrites.setActionBudgetLine(ctx, actionId, input, version));
  }

  @Mutation(() => Action, { description: "Supprime une ligne budgétaire et ses financements (agents CAF) ; répond l'action" })
  async removeActionBudgetLine(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Ctx() ctx: HubContext,
  ) {
    return this.reload<Action>(ctx, Action, await moneyWrites.removeActionBudgetLine(ctx, id, version));
  }

  @Mutation(() => ActionFunding, { description: "Ajoute un financement à une action ou à l'une de ses lignes budgétaires (agents CAF)" })
  async addActionFunding(@Arg("actionId", () => ID) actionId: string, @Arg("input") input: FundingInput, @Ctx() ctx: HubContext) {
    return this.reload<ActionFunding>(ctx, ActionFunding, await moneyWrites.addActionFunding(ctx, actionId, input));
  }

  @Mutation(() => ActionFunding, {
    description: "Modifie un financement (agents CAF ; partenaire opérateur ou pilote de l'action : le montant versé seulement)",
  })
  async updateActionFunding(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Arg("input") input: FundingInput,
    @Ctx() ctx: HubContext,
  ) {
    return this.reload<ActionFunding>(ctx, ActionFunding, await moneyWrites.updateActionFunding(ctx, id, version, input));
  }

  @Mutation(() => Action, { description: "Supprime un financement (agents CAF) ; répond l'action" })
  async removeActionFunding(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Ctx() ctx: HubContext,
  ) {
    return this.reload<Action>(ctx, Action, await moneyWrites.removeActionFunding(ctx, id, version));
  }

  @Mutation(() => ActionNote, {
    description: "Ajoute une note datée au journal d'une action (agents CAF ; partenaire opérateur ou pilote)",
  })
  async addActionNote(@Arg("actionId", () => ID) actionId: string, @Arg("input") input: NoteInput, @Ctx() ctx: HubContext) {
    return this.reload<ActionNote>(ctx, ActionNote, await followUpWrites.addActionNote(ctx, actionId, input));
  }

  @Mutation(() => ActionNote, { description: "Modifie une note du journal (agents CAF)" })
  async updateActionNote(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Arg("input") input: NoteInput,
    @Ctx() ctx: HubContext,
  ) {
    return this.reload<ActionNote>(ctx, ActionNote, await followUpWrites.updateActionNote(ctx, id, version, input));
  }

  @Mutation(() => Action, { description: "Supprime une note du journal (agents CAF) ; répond l'action" })
  async removeActionNote(@Arg("id", () => ID) id: string, @Arg("version", () => Int, versionArg) version: number, @Ctx() ctx: HubContext) {
    return this.reload<Action>(ctx, Action, await followUpWrites.removeActionNote(ctx, id, version));
  }

  @Mutation(() => ConventionMeeting, { description: "Enregistre une réunion de gouvernance d'une CTG et sa participation (agents CAF)" })
  async createConventionMeeting(
    @Arg("conventionId", () => ID) conventionId: string,
    @Arg("input") input: MeetingInput,
    @Ctx() ctx: HubContext,
  ) {
    return this.reload<ConventionMeeting>(ctx, ConventionMeeting, await governanceWrites.createConventionMeeting(ctx, conventionId, input));
  }

  @Mutation(() => ConventionMeeting, { description: "Modifie une réunion de gouvernance (agents CAF)" })
  async updateConventionMeeting(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Arg("input") input: MeetingInput,
    @Ctx() ctx: HubContext,
  ) {
    return this.reload<ConventionMeeting>(ctx, ConventionMeeting, await governanceWrites.updateConventionMeeting(ctx, id, version, input));
  }

  @Mutation(() => Convention, { description: "Supprime une réunion de gouvernance (agents CAF) ; répond la CTG" })
  async removeConventionMeeting(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Ctx() ctx: HubContext,
  ) {
    return this.reload<Convention>(ctx, Convention, await governanceWrites.removeConventionMeeting(ctx, id, version));
  }

  @Mutation(() => ConventionEvaluation, {
    description: "Crée ou modifie le bilan annuel d'une CTG ou son évaluation finale, avec l'appréciation de ses objectifs (agents CAF)",
  })
  async setConventionEvaluation(
    @Arg("conventionId", () => ID) conventionId: string,
    @Arg("input") input: EvaluationInput,
    @Ctx() ctx: HubContext,
    @Arg("version", () => Int, newOrVersion) version?: number | null,
  ) {
    const id = await governanceWrites.setConventionEvaluation(ctx, conventionId, input, version);
    return this.reload<ConventionEvaluation>(ctx, ConventionEvaluation, id);
  }

  @Mutation(() => Convention, { description: "Supprime une évaluation de CTG (agents CAF) ; répond la CTG" })
  async removeConventionEvaluation(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, versionArg) version: number,
    @Ctx() ctx: HubContext,
  ) {
    return this.reload<Convention>(ctx, Convention, await governanceWrites.removeConventionEvaluation(ctx, id, version));
  }
}
