import { HolderKind, SignatoryKind } from "../convention/convention-enums";
import { OperatorKind } from "../facility/facility-enums";
import type { ImportKindName, ParentKey } from "../import/kind";
import type { PreciseDate, ReferenceCase, ReferenceConvention, ReferenceFacility, ReferenceSignatory } from "./reference-cases.types";

/**
 * The dataset as import files: one JSON record per row, keyed by the import kinds' canonical columns, so the
 * reference cases go through the same reading, checks and writes as any file. Every record carries every column
 * of its file (null when the source does not say): the columns a file has are the ones it writes. Pure, so the
 * rows can be looked at without a database.
 */
export type ImportRecord = Readonly<Record<string, string | number | boolean | null | ReadonlyArray<string>>>;

/** One file of the load, in the order the kinds run (a convention before its objectives, an objective before its actions). */
export interface ReferenceFile {
  kind: ImportKindName;
  records: ImportRecord[];
  /** Replace mode: the parents whose children are exactly the file's (some may have none left). */
  parents?: ParentKey[];
}

const dateOf = (date: PreciseDate | null) => date?.date ?? null;
const precisionOf = (date: PreciseDate | null) => date?.precision ?? null;

function conventionRecord(convention: ReferenceConvention, sourceCode: string): ImportRecord {
  const { holder, diagnostic } = convention;
  return {
    reference: convention.reference,
    title: convention.title,
    department: convention.departmentCode,
    holder_type: holder.kind,
    holder_code: holder.kind === HolderKind.COMMUNE ? holder.communeCode : holder.intercommunalitySiren,
    stage: convention.stage,
    signed_on: convention.signedOn,
    starts_on: dateOf(convention.startsOn),
    starts_on_precision: precisionOf(convention.startsOn),
    ends_on: dateOf(convention.endsOn),
    ends_on_precision: precisionOf(convention.endsOn),
    themes: convention.themes,
    bonus_territoire: convention.bonusTerritoire,
    is_renewal: convention.isRenewal,
    // Empty: the holder's communes (an EPCI's members as the geography has them), replaced at every load.
    covered_communes: [],
    description: convention.description,
    diagnostic_conducted_on: dateOf(diagnostic.conductedOn),
    diagnostic_conducted_on_precision: precisionOf(diagnostic.conductedOn),
    diagnostic_conducted_by: diagnostic.conductedBy,
    diagnostic_funded_by_caf: diagnostic.fundedByCaf,
    diagnostic_summary: diagnostic.summary,
    source_code: sourceCode,
  };
}

function signatoryRecord(reference: string, signatory: ReferenceSignatory, index: number): ImportRecord {
  return {
    convention_reference: reference,
    position: index + 1,
    kind: signatory.kind,
    role: signatory.role,
    name: signatory.name,
    territory_code:
      signatory.kind === SignatoryKind.COMMUNE
        ? signatory.communeCode
        : signatory.kind === SignatoryKind.INTERCOMMUNALITY
          ? signatory.intercommunalitySiren
          : null,
    signed_on: signatory.signedOn,
  };
}

/** A facility's natural key, as the approvals file names it. */
const facilityKey = (facility: ReferenceFacility): ParentKey => ({
  facility_kind: facility.kind,
  facility_name: facility.name,
  facility_commune: facility.communeCode,
});

function facilityRecord(facility: ReferenceFacility, sourceCode: string): ImportRecord {
  const { operator } = facility;
  return {
    kind: facility.kind,
    name: facility.name,
    commune: facility.communeCode,
    operator_kind: operator?.kind ?? null,
    operator_code:
      operator?.kind === OperatorKind.COMMUNE
        ? operator.communeCode
        : operator?.kind === OperatorKind.INTERCOMMUNALITY
          ? operator.intercommunalitySiren
          : null,
    operator_name: operator?.name ?? null,
    capacity: facility.capacity,
    description: facility.description,
    source_code: sourceCode,
  };
}

/**
 * The files of the load. Conventions are upserted by reference, facilities by (kind, name, commune), indicators by
 * (indicator, year, territory); a convention's signatories, objectives and actions are replaced by position and a
 * facility's approvals by (kind, start date): a row at a known key is updated only if it differs, a missing one is
 * inserted, a stored one the dataset no longer has is removed. Columns the dataset does not describe (an action's
 * budget, a convention's notes…) are absent from the files, so stored values stay.
 */
export function referenceFiles(cases: readonly ReferenceCase[]): ReferenceFile[] {
  const conventions = cases.flatMap((c) => c.conventions.map((convention) => ({ convention, source: c.source.code })));
  const facilities = cases.flatMap((c) => c.facilities.map((facility) => ({ facility, source: c.source.code })));
  const conventionParents = conventions.map(({ convention }) => ({ convention_reference: convention.reference }));
  return [
    { kind: "conventions", records: conventions.map(({ convention, source }) => conventionRecord(convention, source)) },
    {
      kind: "signatories",
      records: conventions.flatMap(({ convention }) => convention.signatories.map((s, i) => signatoryRecord(convention.reference, s, i))),
      parents: conventionParents,
    },
    {
      kind: "objectives",
      records: conventions.flatMap(({ convention }) =>
        convention.objectives.map((objective, index) => ({
          convention_reference: convention.reference,
          position: index + 1,
          title: objective.title,
          description: objective.description,
        })),
      ),
      parents: conventionParents,
    },
    {
      kind: "actions",
      records: conventions.flatMap(({ convention, source }) =>
        convention.actions.map((action, index) => ({
          convention_reference: convention.reference,
          position: index + 1,
          objective_position: action.objectivePosition,
          title: action.title,
          description: action.description,
          theme: action.theme,
          status: action.status,
          source_code: source,
        })),
      ),
      parents: conventionParents,
    },
    {
      kind: "indicators",
      records: cases.flatMap((c) =>
        c.indicators.map((indicator) => ({
          indicator: indicator.indicator,
          year: indicator.year,
          territory_code:
            "communeCode" in indicator.territory ? indicator.territory.communeCode : indicator.territory.intercommunalitySiren,
          value: indicator.value,
          note: indicator.note,
          source_code: c.source.code,
        })),
      ),
    },
    { kind: "facilities", records: facilities.map(({ facility, source }) => facilityRecord(facility, source)) },
    {
      kind: "approvals",
      records: facilities.flatMap(({ facility }) =>
        facility.approvals.map((approval) => ({
          ...facilityKey(facility),
          kind: approval.kind,
          starts_on: dateOf(approval.startsOn),
          starts_on_precision: precisionOf(approval.startsOn),
          ends_on: dateOf(approval.endsOn),
          ends_on_precision: precisionOf(approval.endsOn),
          granted_by: approval.grantedBy,
          description: approval.description,
        })),
      ),
      parents: facilities.map(({ facility }) => facilityKey(facility)),
    },
  ];
}
