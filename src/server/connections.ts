import { PartnerAssociation } from "../association/partner-association.entity";
import { Action } from "../convention/action.entity";
import { Convention } from "../convention/convention.entity";
import { Facility } from "../facility/facility.entity";
import { SdsfScheme } from "../sdsf/sdsf-scheme.entity";
import { Commune } from "../territory/commune.entity";
import { Department } from "../territory/department.entity";
import { Intercommunality } from "../territory/intercommunality.entity";
import { connectionType } from "../common/pagination";

/** The paginated list types of the API, one per listable entity. */
export const DepartmentConnection = connectionType(Department, "Department", "départements");
export const CommuneConnection = connectionType(Commune, "Commune", "communes");
export const IntercommunalityConnection = connectionType(Intercommunality, "Intercommunality", "intercommunalités");
export const ConventionConnection = connectionType(Convention, "Convention", "conventions territoriales globales");
export const ActionConnection = connectionType(Action, "Action", "actions");
export const PartnerAssociationConnection = connectionType(PartnerAssociation, "PartnerAssociation", "associations partenaires");
export const FacilityConnection = connectionType(Facility, "Facility", "équipements");
export const SdsfSchemeConnection = connectionType(SdsfScheme, "SdsfScheme", "schémas départementaux des services aux familles");
