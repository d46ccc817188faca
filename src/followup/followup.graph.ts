import { PartnerAssociation } from "../association/partner-association.entity";
import { Action } from "../convention/action.entity";
import { Convention } from "../convention/convention.entity";
import { Objective } from "../convention/objective.entity";
import { declare, type GraphPart } from "../graph/declare";
import { Commune } from "../territory/commune.entity";
import { ActionBudgetLine } from "./action-budget-line.entity";
import { ActionFunding } from "./action-funding.entity";
import { ActionNote } from "./action-note.entity";
import { ActionPilot } from "./action-pilot.entity";
import { ConventionEvaluation, ObjectiveAssessment } from "./convention-evaluation.entity";
import { ConventionMeeting, MeetingAttendance } from "./convention-meeting.entity";

const { one, many, edges } = declare;

/** Estimates of what one parent holds (the query cost multiplies by them; src/graph/list-bounds.ts). */
const PILOTS_PER_ACTION = 10;
const BUDGET_LINES_PER_ACTION = 40;
const FUNDINGS_PER_ACTION = 60;
const NOTES_PER_ACTION = 200;
const MEETINGS_PER_CONVENTION = 60;
const EVALUATIONS_PER_CONVENTION = 8;

const byColumn = (to: string) => ({ kind: "column" as const, to });

/** The follow-up of a CTG: pilots, money, journal, governance and evaluations, and the edges from actions and conventions to them. */
export const followupGraph: GraphPart = {
  entities: [
    ActionPilot,
    ActionBudgetLine,
    ActionFunding,
    ActionNote,
    ConventionMeeting,
    MeetingAttendance,
    ConventionEvaluation,
    ObjectiveAssessment,
  ],
  roots: [],
  edges: [
    edges(() => Action, {
      pilots: many(() => ActionPilot, {
        from: "id",
        link: byColumn("actionId"),
        order: (p) => `${p}.position`,
        bound: PILOTS_PER_ACTION,
        description: "Pilotes, le principal en premier",
      }),
      budgetLines: many(() => ActionBudgetLine, {
        from: "id",
        link: byColumn("actionId"),
        order: (b) => `${b}.year NULLS FIRST, ${b}.kind, ${b}.unit`,
        bound: BUDGET_LINES_PER_ACTION,
        description: "Lignes budgétaires (toute la durée d'abord, puis par année)",
      }),
      fundings: many(() => ActionFunding, {
        from: "id",
        link: byColumn("actionId"),
        order: (f) => `${f}.year NULLS FIRST, ${f}.funder`,
        bound: FUNDINGS_PER_ACTION,
        description: "Financements, de l'action entière et de ses lignes budgétaires",
      }),
      notes: many(() => ActionNote, {
        from: "id",
        link: byColumn("actionId"),
        order: (n) => `${n}.noted_on DESC`,
        bound: NOTES_PER_ACTION,
        description: "Journal de suivi, la plus récente d'abord",
      }),
    }),
    edges(() => ActionPilot, {
      action: one(() => Action, { from: "actionId", to: "id", description: "Action pilotée" }),
      association: one(() => PartnerAssociation, { from: "associationId", to: "id", nullable: true, description: "Association pilote" }),
    }),
    edges(() => ActionBudgetLine, {
      action: one(() => Action, { from: "actionId", to: "id", description: "Action budgétée" }),
      fundings: many(() => ActionFunding, {
        from: "id",
        link: byColumn("budgetLineId"),
        order: (f) => `${f}.funder`,
        bound: 20,
        description: "Financements de la ligne",
      }),
    }),
    edges(() => ActionFunding, {
      action: one(() => Action, { from: "actionId", to: "id", description: "Action financée" }),
      budgetLine: one(() => ActionBudgetLine, { from: "budgetLineId", to: "id", nullable: true, description: "Ligne budgétaire financée" }),
      commune: one(() => Commune, { from: "communeCode", to: "code", nullable: true, description: "Commune financeuse" }),
    }),
    edges(() => ActionNote, {
      action: one(() => Action, { from: "actionId", to: "id", description: "Action suivie" }),
    }),
    edges(() => Convention, {
      meetings: many(() => ConventionMeeting, {
        from: "id",
        link: byColumn("conventionId"),
        order: (m) => `${m}.held_on`,
        bound: MEETINGS_PER_CONVENTION,
        description: "Réunions des comités de pilotage et techniques, par date",
      }),
      evaluations: many(() => ConventionEvaluation, {
        from: "id",
        link: byColumn("conventionId"),
        order: (e) => `${e}.year, ${e}.kind`,
        bound: EVALUATIONS_PER_CONVENTION,
        description: "Bilans annuels et évaluation finale, par année",
      }),
    }),
    edges(() => ConventionMeeting, {
      convention: one(() => Convention, { from: "conventionId", to: "id", description: "Convention" }),
      attendances: many(() => MeetingAttendance, {
        from: "id",
        link: byColumn("meetingId"),
        order: (a) => `${a}.organisation`,
        bound: 30,
        description: "Structures présentes",
      }),
    }),
    edges(() => ConventionEvaluation, {
      convention: one(() => Convention, { from: "conventionId", to: "id", description: "Convention évaluée" }),
      renewal: one(() => Convention, {
        from: "conventionId",
        to: "predecessorId",
        nullable: true,
        description: "CTG qui renouvelle la convention évaluée (chaîne des renouvellements), si elle est enregistrée",
      }),
      assessments: many(() => ObjectiveAssessment, {
        from: "id",
        link: byColumn("evaluationId"),
        order: (a) => `${a}.objective_id`,
        bound: 30,
        description: "Appréciation de chaque objectif",
      }),
    }),
    edges(() => ObjectiveAssessment, {
      evaluation: one(() => ConventionEvaluation, { from: "evaluationId", to: "id", description: "Évaluation" }),
      objective: one(() => Objective, { from: "objectiveId", to: "id", description: "Objectif apprécié" }),
    }),
  ],
};
