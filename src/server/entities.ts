import { AuditEntry } from "../audit/audit-entry.entity";
import { PartnerAssociation } from "../association/partner-association.entity";
import { Partnership } from "../convention/partnership.entity";
import { Action } from "../convention/action.entity";
import { ConventionCommune } from "../convention/convention-commune.entity";
import { ConventionSignedCode } from "../convention/convention-signed-code.entity";
import { ConventionSdsfAxis } from "../convention/convention-sdsf-axis.entity";
import { ConventionSignatory } from "../convention/convention-signatory.entity";
import { Convention } from "../convention/convention.entity";
import { Objective } from "../convention/objective.entity";
import { FacilityApproval } from "../facility/facility-approval.entity";
import { Facility } from "../facility/facility.entity";
import { ActionBudgetLine } from "../followup/action-budget-line.entity";
import { ActionFunding } from "../followup/action-funding.entity";
import { ActionNote } from "../followup/action-note.entity";
import { ActionPilot } from "../followup/action-pilot.entity";
import { ConventionEvaluation, ObjectiveAssessment } from "../followup/convention-evaluation.entity";
import { ConventionMeeting, MeetingAttendance } from "../followup/convention-meeting.entity";
import { IndicatorDefinition } from "../indicator/indicator-definition.entity";
import { IndicatorValue } from "../indicator/indicator-value.entity";
import { Source } from "../provenance/source.entity";
import { SdsfAxis } from "../sdsf/sdsf-axis.entity";
import { SdsfScheme } from "../sdsf/sdsf-scheme.entity";
import { Commune } from "../territory/commune.entity";
import { CommuneFormerCode } from "../territory/former-code.entity";
import { CommuneLineage, CommunePassage, CommuneVintage, IntercommunalityVintage } from "../territory/vintage.entity";
import { Department } from "../territory/department.entity";
import { Intercommunality } from "../territory/intercommunality.entity";
import { Region } from "../territory/region.entity";

/** Every entity of the hub: the one list TypeORM, the migrations and the tests share. */
export const entities = [
  Source,
  Region,
  Department,
  Intercommunality,
  Commune,
  CommuneFormerCode,
  CommuneVintage,
  IntercommunalityVintage,
  CommunePassage,
  CommuneLineage,
  SdsfScheme,
  SdsfAxis,
  Convention,
  ConventionSignatory,
  ConventionCommune,
  ConventionSignedCode,
  ConventionSdsfAxis,
  Objective,
  Action,
  PartnerAssociation,
  Partnership,
  Facility,
  FacilityApproval,
  IndicatorDefinition,
  IndicatorValue,
  ActionPilot,
  ActionBudgetLine,
  ActionFunding,
  ActionNote,
  ConventionMeeting,
  MeetingAttendance,
  ConventionEvaluation,
  ObjectiveAssessment,
  AuditEntry,
];
