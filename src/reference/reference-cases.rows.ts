import { HolderKind, SignatoryKind } from "../convention/convention-enums";
import { OperatorKind } from "../facility/facility-enums";
import type {
  ReferenceCase,
  ReferenceConvention,
  ReferenceFacility,
  ReferenceIndicator,
  ReferenceSignatory,
} from "./reference-cases.types";

export type SourceIds = ReadonlyMap<string, number>;

export function sourceIdOf(sourceIds: SourceIds, code: string): number {
  const id = sourceIds.get(code);
  if (id === undefined) throw new Error(`Source ${code} was not recorded`);
  return id;
}

/** The cases' conventions, each with the id of the source it was read in. */
export function conventionsOf(cases: readonly ReferenceCase[], sourceIds: SourceIds) {
  return cases.flatMap((c) =>
    c.conventions.map((convention) => ({
      convention,
      sourceId: sourceIdOf(sourceIds, c.source.code),
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// Rows: plain, snake_case objects for json_to_recordset. Pure, so they can be tested without a database.
// ---------------------------------------------------------------------------------------------

export function conventionRow(convention: ReferenceConvention, sourceId: number) {
  const { holder, diagnostic } = convention;
  return {
    reference: convention.reference,
    title: convention.title,
    stage: convention.stage,
    signed_on: convention.signedOn,
    starts_on: convention.startsOn?.date ?? null,
    starts_on_precision: convention.startsOn?.precision ?? null,
    ends_on: convention.endsOn?.date ?? null,
    ends_on_precision: convention.endsOn?.precision ?? null,
    department_code: convention.departmentCode,
    holder_kind: holder.kind,
    holder_commune_code: holder.kind === HolderKind.COMMUNE ? holder.communeCode : null,
    holder_intercommunality_siren: holder.kind === HolderKind.INTERCOMMUNALITY ? holder.intercommunalitySiren : null,
    themes: convention.themes,
    bonus_territoire: convention.bonusTerritoire,
    is_renewal: convention.isRenewal,
    diagnostic_conducted_on: diagnostic.conductedOn?.date ?? null,
    diagnostic_conducted_on_precision: diagnostic.conductedOn?.precision ?? null,
    diagnostic_conducted_by: diagnostic.conductedBy,
    diagnostic_funded_by_caf: diagnostic.fundedByCaf,
    diagnostic_summary: diagnostic.summary,
    description: convention.description,
    source_id: sourceId,
  };
}

export function signatoryRow(reference: string, signatory: ReferenceSignatory, index: number) {
  return {
    reference,
    position: index + 1,
    kind: signatory.kind,
    role: signatory.role,
    name: signatory.name,
    commune_code: signatory.kind === SignatoryKind.COMMUNE ? signatory.communeCode : null,
    intercommunality_siren: signatory.kind === SignatoryKind.INTERCOMMUNALITY ? signatory.intercommunalitySiren : null,
    signed_on: signatory.signedOn,
  };
}

export function indicatorRow(indicator: ReferenceIndicator, sourceId: number) {
  const { territory } = indicator;
  return {
    indicator: indicator.indicator,
    year: indicator.year,
    commune_code: "communeCode" in territory ? territory.communeCode : null,
    intercommunality_siren: "intercommunalitySiren" in territory ? territory.intercommunalitySiren : null,
    value: indicator.value,
    note: indicator.note,
    source_id: sourceId,
  };
}

/** The facility's natural key, as the SQL below matches it. */
export function facilityKey(facility: ReferenceFacility) {
  return { facility_kind: facility.kind, facility_name: facility.name, facility_commune_code: facility.communeCode };
}

export function facilityRow(facility: ReferenceFacility, sourceId: number) {
  const { operator } = facility;
  return {
    ...facilityKey(facility),
    operator_kind: operator?.kind ?? null,
    operator_name: operator?.name ?? null,
    operator_commune_code: operator?.kind === OperatorKind.COMMUNE ? operator.communeCode : null,
    operator_intercommunality_siren: operator?.kind === OperatorKind.INTERCOMMUNALITY ? operator.intercommunalitySiren : null,
    capacity: facility.capacity,
    description: facility.description,
    source_id: sourceId,
  };
}

export function approvalRows(facility: ReferenceFacility) {
  return facility.approvals.map((approval) => ({
    ...facilityKey(facility),
    kind: approval.kind,
    starts_on: approval.startsOn?.date ?? null,
    starts_on_precision: approval.startsOn?.precision ?? null,
    ends_on: approval.endsOn?.date ?? null,
    ends_on_precision: approval.endsOn?.precision ?? null,
    granted_by: approval.grantedBy,
    description: approval.description,
  }));
}

/** Every row the load writes, shaped for the statements below. */
export function referenceRows(cases: readonly ReferenceCase[], sourceIds: SourceIds) {
  const conventions = conventionsOf(cases, sourceIds);
  const facilities = cases.flatMap((c) =>
    c.facilities.map((facility) => ({
      facility,
      sourceId: sourceIdOf(sourceIds, c.source.code),
    })),
  );
  return {
    conventionReferences: conventions.map(({ convention }) => convention.reference),
    conventions: conventions.map(({ convention, sourceId }) => conventionRow(convention, sourceId)),
    signatories: conventions.flatMap(({ convention }) =>
      convention.signatories.map((signatory, index) => signatoryRow(convention.reference, signatory, index)),
    ),
    objectives: conventions.flatMap(({ convention }) =>
      convention.objectives.map((objective, index) => ({
        reference: convention.reference,
        position: index + 1,
        title: objective.title,
        description: objective.description,
      })),
    ),
    actions: conventions.flatMap(({ convention, sourceId }) =>
      convention.actions.map((action, index) => ({
        reference: convention.reference,
        position: index + 1,
        objective_position: action.objectivePosition,
        title: action.title,
        description: action.description,
        theme: action.theme,
        status: action.status,
        source_id: sourceId,
      })),
    ),
    indicators: cases.flatMap((c) => c.indicators.map((indicator) => indicatorRow(indicator, sourceIdOf(sourceIds, c.source.code)))),
    facilityKeys: facilities.map(({ facility }) => facilityKey(facility)),
    facilities: facilities.map(({ facility, sourceId }) => facilityRow(facility, sourceId)),
    approvals: facilities.flatMap(({ facility }) => approvalRows(facility)),
  };
}
