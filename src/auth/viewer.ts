import { registerEnumType } from "type-graphql";

/** What a caller may do, from its token (see README "Who may do what"). */
export enum Role {
  ADMIN = "ADMIN",
  CAF_AGENT = "CAF_AGENT",
  ANALYST = "ANALYST",
  PARTNER = "PARTNER",
}

registerEnumType(Role, {
  name: "Role",
  description: "Rôle d'un appelant",
  valuesConfig: {
    ADMIN: { description: "Administrateur : tout" },
    CAF_AGENT: { description: "Agent CAF : lit et écrit dans ses départements" },
    ANALYST: { description: "Analyste : lit tout dans son périmètre, n'écrit rien" },
    PARTNER: { description: "Portail partenaire : une association, ses partenariats et les actions qu'elle porte" },
  },
});

export type Viewer =
  | { kind: "anonymous" }
  | {
      kind: "user";
      subject: string;
      role: Role;
      /**
       * Every département: ADMIN, and a CAF_AGENT or ANALYST whose token has no `departments` claim
       * (src/auth/claims.ts). Stated, never inferred from an empty list.
       */
      national: boolean;
      /** Départements of a CAF_AGENT or ANALYST without national scope (never empty then; empty otherwise). */
      departments: string[];
      /** The association a PARTNER acts for. */
      associationId: number | null;
    };

export const ANONYMOUS: Viewer = { kind: "anonymous" };

const isStaff = (viewer: Viewer) => viewer.kind === "user" && (viewer.role === Role.CAF_AGENT || viewer.role === Role.ANALYST);

/** Whether a département lies in the caller's scope: national, or one of its départements. */
export const inScope = (viewer: Viewer & { kind: "user" }, departmentCode: string): boolean =>
  viewer.national || viewer.departments.includes(departmentCode);

/**
 * Reads the restricted fields of every département (an administrator, or CAF staff and analysts of national scope):
 * `canReadRestricted` holds for any row, so a check needs nothing loaded.
 */
export function readsAllRestricted(viewer: Viewer): boolean {
  return viewer.kind === "user" && (viewer.role === Role.ADMIN || (isStaff(viewer) && viewer.national));
}

/** May read restricted fields (internal notes, budgets, contacts) of a row of this département. */
export function canReadRestricted(viewer: Viewer, departmentCode: string | null): boolean {
  if (viewer.kind !== "user") return false;
  // Of every département, and of a row of none (an association without a seat): compiled reads rely on it.
  if (readsAllRestricted(viewer)) return true;
  return isStaff(viewer) && departmentCode !== null && inScope(viewer, departmentCode);
}

/** May write rows of this département (conventions, actions, facilities, indicators…). */
export function canWriteDepartment(viewer: Viewer, departmentCode: string): boolean {
  if (viewer.kind !== "user") return false;
  if (viewer.role === Role.ADMIN) return true;
  return viewer.role === Role.CAF_AGENT && inScope(viewer, departmentCode);
}

/** The association a PARTNER acts for, or null for anyone else. */
export function partnerAssociation(viewer: Viewer): number | null {
  return viewer.kind === "user" && viewer.role === Role.PARTNER ? viewer.associationId : null;
}

/** A short label of the caller for the audit log and the logs (never the token). */
export function describeViewer(viewer: Viewer): { subject: string; role: string } {
  return viewer.kind === "user" ? { subject: viewer.subject, role: viewer.role } : { subject: "anonymous", role: "ANONYMOUS" };
}
