import { Int } from "type-graphql";
import { DateScalar, type IsoDate } from "../common/date";
import { AXES_PER_SCHEME_ESTIMATE, CONVENTIONS_PER_TERRITORY_ESTIMATE, SIGNED_FORMER_CODES_ESTIMATE } from "../common/list-sizes";
import { declare, type GraphPart } from "../graph/declare";
import { defineList } from "../graph/list";
import { SdsfAxis } from "../sdsf/sdsf-axis.entity";
import { Commune } from "../territory/commune.entity";
import { CommuneFormerCode } from "../territory/former-code.entity";
import { Department } from "../territory/department.entity";
import { Intercommunality } from "../territory/intercommunality.entity";
import { communeList } from "../territory/territory.graph";
import { Action } from "./action.entity";
import { ConventionStatus } from "./convention-enums";
import { ConventionSignatory } from "./convention-signatory.entity";
import { conventionStatus, statusSql, type ConventionDates } from "../coverage/in-force";
import { Convention } from "./convention.entity";
import { ConventionHolder } from "./convention-holder";
import { ActionFilter, ActionOrder, ActionOrderField, ConventionFilter, ConventionOrder, ConventionOrderField } from "./convention.inputs";
import { actionFilter, conventionFilter } from "./convention.service";
import { type ActionSchedule, daysLate, daysLateSql, isLate, lateSql } from "./lateness";
import { Objective } from "./objective.entity";

/** Conventions and actions as paged lists (root and nested), declared once. */
export const conventionList = defineList({
  name: "conventions",
  node: Convention,
  label: "conventions territoriales globales",
  alias: "c",
  key: "id",
  filter: { type: () => ConventionFilter, where: conventionFilter },
  sorts: {
    type: () => ConventionOrder,
    byDefault: ConventionOrderField.REFERENCE,
    expressions: {
      REFERENCE: "c.reference",
      TITLE: "c.title",
      SIGNED_ON: "coalesce(c.signed_on, '0001-01-01'::date)",
      STARTS_ON: "coalesce(c.starts_on, '0001-01-01'::date)",
      ENDS_ON: "coalesce(c.ends_on, '9999-12-31'::date)",
    },
    labels: { REFERENCE: "la référence", TITLE: "l'intitulé", SIGNED_ON: "la signature", STARTS_ON: "le début", ENDS_ON: "la fin" },
  },
});

export const actionList = defineList({
  name: "actions",
  node: Action,
  label: "actions",
  alias: "a",
  key: "id",
  filter: { type: () => ActionFilter, where: actionFilter },
  sorts: {
    type: () => ActionOrder,
    byDefault: ActionOrderField.ID,
    expressions: {
      ID: "a.id",
      POSITION: "a.position",
      TITLE: "a.title",
      STATUS: "a.status::text",
      STARTS_ON: "coalesce(a.starts_on, '9999-12-31'::date)",
    },
    labels: { ID: "l'ordre d'enregistrement", POSITION: "le rang", TITLE: "l'intitulé", STATUS: "l'état", STARTS_ON: "le début" },
  },
});

const { one, many, list, union, computed, lookup, rootList, edges } = declare;

/** Conventions, their signatories, objectives and actions, and the edges from territories and SDSF axes to them. */
export const conventionGraph: GraphPart = {
  entities: [Convention, ConventionSignatory, Objective, Action],
  roots: [
    {
      fields: {
        convention: lookup(() => Convention, {
          to: "reference",
          description: "Une CTG par sa référence (null si elle n'existe pas)",
          argument: { name: "reference", description: "Référence de la CTG (ex. CTG-52-2023-200044253)" },
        }),
        conventions: rootList(conventionList, "CTG, filtrées, triées et paginées"),
        actions: rootList(actionList, "Actions, filtrées, triées et paginées"),
      },
    },
  ],
  edges: [
    edges(() => Convention, {
      status: computed<ConventionDates>({
        type: () => ConventionStatus,
        nullable: false,
        description: "Statut à une date (par défaut aujourd'hui), bornes incluses",
        args: { asOf: { type: () => DateScalar, description: "Date d'observation (YYYY-MM-DD)" } },
        resolve: (convention, args, { today }) => conventionStatus(convention, (args.asOf as IsoDate | undefined) ?? today),
        sql: (row, args, { params, today }) => statusSql(row, `${params.param(args.asOf ?? today)}::date`),
      }),
      department: one(() => Department, { from: "departmentCode", to: "code", description: "Département de la CAF signataire" }),
      holder: union(
        () => ConventionHolder,
        [
          { target: () => Intercommunality, from: "holderIntercommunalitySiren", to: "siren" },
          { target: () => Commune, from: "holderCommuneCode", to: "code" },
        ],
        { nullable: false, description: "Territoire porteur" },
      ),
      signatories: many(() => ConventionSignatory, {
        from: "id",
        link: { kind: "column", to: "conventionId" },
        order: (s) => `${s}.position`,
        bound: 20,
        description: "Signataires, dans l'ordre de la convention",
      }),
      coveredCommunes: list(communeList, {
        from: "id",
        parent: "cov.convention_id",
        join: "JOIN convention_commune cov ON cov.commune_code = m.code",
        description: "Communes couvertes (par défaut les membres du porteur à la signature)",
      }),
      objectives: many(() => Objective, {
        from: "id",
        link: { kind: "column", to: "conventionId" },
        order: (o) => `${o}.position`,
        bound: 30,
        description: "Objectifs, par rang",
      }),
      actions: list(actionList, {
        from: "id",
        parent: "a.convention_id",
        defaultOrder: ActionOrderField.POSITION,
        description: "Plan d'actions (par défaut par rang)",
      }),
      sdsfAxes: many(() => SdsfAxis, {
        from: "id",
        order: (x) => `${x}.id`,
        bound: AXES_PER_SCHEME_ESTIMATE,
        description: "Axes du SDSF que la convention décline",
        link: { kind: "table", table: "convention_sdsf_axis", parent: "convention_id", child: "sdsf_axis_id", targetKey: "id" },
      }),
      signedFormerCodes: many(() => CommuneFormerCode, {
        from: "id",
        order: (f) => `${f}.code`,
        bound: SIGNED_FORMER_CODES_ESTIMATE,
        description:
          "Codes de communes signés qui ne sont plus ceux de communes actuelles (communes fusionnées, déléguées, associées), tels " +
          "qu'écrits ; `coveredCommunes` donne les communes actuelles auxquelles ils mènent",
        link: { kind: "table", table: "convention_signed_code", parent: "convention_id", child: "code", targetKey: "code" },
      }),
      predecessor: one(() => Convention, {
        from: "predecessorId",
        to: "id",
        nullable: true,
        description: "CTG précédente (renouvellement), si elle est enregistrée",
      }),
      successor: one(() => Convention, {
        from: "id",
        to: "predecessorId",
        nullable: true,
        description: "CTG qui la renouvelle, si elle existe",
      }),
    }),
    edges(() => ConventionSignatory, {
      commune: one(() => Commune, { from: "communeCode", to: "code", nullable: true, description: "Commune signataire" }),
      intercommunality: one(() => Intercommunality, {
        from: "intercommunalitySiren",
        to: "siren",
        nullable: true,
        description: "EPCI signataire",
      }),
    }),
    edges(() => Objective, {
      convention: one(() => Convention, { from: "conventionId", to: "id", description: "Convention de l'objectif" }),
      actions: many(() => Action, {
        from: "id",
        link: { kind: "column", to: "objectiveId" },
        order: (a) => `${a}.position, ${a}.id`,
        bound: 100,
        description: "Actions rattachées à l'objectif",
      }),
    }),
    edges(() => Action, {
      late: computed<ActionSchedule>({
        type: () => Boolean,
        nullable: false,
        description: "En retard à une date (par défaut aujourd'hui) : échéance dépassée, ni réalisée ni abandonnée",
        args: { asOf: { type: () => DateScalar, description: "Date d'observation (YYYY-MM-DD)" } },
        resolve: (action, args, { today }) => isLate(action, (args.asOf as IsoDate | undefined) ?? today),
        sql: (row, args, { params, today }) => lateSql(row, `${params.param(args.asOf ?? today)}::date`),
      }),
      daysLate: computed<ActionSchedule>({
        type: () => Int,
        nullable: false,
        description: "Jours de retard à une date (par défaut aujourd'hui), 0 si l'action n'est pas en retard",
        args: { asOf: { type: () => DateScalar, description: "Date d'observation (YYYY-MM-DD)" } },
        resolve: (action, args, { today }) => daysLate(action, (args.asOf as IsoDate | undefined) ?? today),
        sql: (row, args, { params, today }) => daysLateSql(row, `${params.param(args.asOf ?? today)}::date`),
      }),
      parentAction: one(() => Action, {
        from: "parentActionId",
        to: "id",
        nullable: true,
        description: "Action dont celle-ci est une sous-action",
      }),
      subActions: many(() => Action, {
        from: "id",
        link: { kind: "column", to: "parentActionId" },
        order: (a) => `${a}.position`,
        bound: 50,
        description: "Sous-actions, par rang",
      }),
      convention: one(() => Convention, { from: "conventionId", to: "id", description: "Convention de l'action" }),
      objective: one(() => Objective, { from: "objectiveId", to: "id", nullable: true, description: "Objectif de l'action" }),
      sdsfAxis: one(() => SdsfAxis, { from: "sdsfAxisId", to: "id", nullable: true, description: "Axe du SDSF décliné" }),
    }),
    // Edges from other domains' rows to conventions and actions.
    edges(() => Department, {
      conventions: list(conventionList, {
        from: "code",
        parent: "c.department_code",
        description: "CTG signées par la CAF du département",
      }),
    }),
    edges(() => Commune, {
      conventions: many(() => Convention, {
        from: "code",
        order: (c) => `${c}.id`,
        bound: CONVENTIONS_PER_TERRITORY_ESTIMATE,
        description: "CTG qui couvrent la commune (quel que soit leur statut ; voir `status`)",
        link: { kind: "table", table: "convention_commune", parent: "commune_code", child: "convention_id", targetKey: "id" },
      }),
    }),
    edges(() => Intercommunality, {
      conventions: list(conventionList, {
        from: "siren",
        parent: "c.holder_intercommunality_siren",
        description: "CTG portées par l'EPCI",
      }),
    }),
    edges(() => SdsfAxis, {
      conventions: list(conventionList, {
        from: "id",
        parent: "ax.sdsf_axis_id",
        join: "JOIN convention_sdsf_axis ax ON ax.convention_id = c.id",
        description: "CTG qui déclinent l'axe",
      }),
      actions: list(actionList, { from: "id", parent: "a.sdsf_axis_id", description: "Actions qui déclinent l'axe" }),
    }),
  ],
};
