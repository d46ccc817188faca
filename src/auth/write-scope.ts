import type { EntityManager } from "typeorm";
import { BadUserInputError, ForbiddenError } from "../common/errors";
import { canWriteDepartment, partnerAssociation, Role, type Viewer } from "./viewer";
import { refKey, refValue, resolvePlaces, type Place, type Places, type RefKind, type TerritoryRef } from "./write-scope.places";

export { resolvePlaces, type Place, type Places, type TerritoryRef } from "./write-scope.places";

/**
 * Who may write where, and what a written record may point to: the one decision every mutation and
 * every import kind goes through (src/auth/write-scope.ts). A write names
 *  - its owner: what decides where the record lies (its département, its convention, its commune…);
 *    the caller must be allowed to write every département of it;
 *  - the owner it had before, when the write moves it (an import changing a convention's département);
 *  - for a convention, its holder: a commune or an EPCI with communes in the convention's département;
 *  - the territory references it attaches (covered communes, signatories, SDSF axis, predecessor,
 *    operator…): each must lie in the owner's territory — its départements, or the holder EPCI's
 *    communes when that EPCI spans several départements.
 * A reference outside the territory is FORBIDDEN when the caller may not write where it lies, and
 * BAD_USER_INPUT otherwise (an administrator's inconsistent record); an unknown one is BAD_USER_INPUT.
 */
export interface ScopedWrite {
  owner: Named;
  previousOwner?: Named | null;
  holder?: Named | null;
  references?: ReadonlyArray<Named | NamedList>;
  /** The owner's own partner association may write it too (an action it operates or pilots, its contact details). */
  partnerMayWrite?: boolean;
  /**
   * What such a partner may give (its actual spending, a result, a note): any other field it gives is refused,
   * FORBIDDEN, naming the field. Staff who may write the owner are not concerned.
   */
  partnerFields?: PartnerFields;
}

/** The fields a partner may give in a write, the fields it gave, and what they are, in French (for the refusal). */
export interface PartnerFields {
  allowed: readonly string[];
  given: readonly string[];
  what: string;
}

/** A reference and the field (argument or column) that gave it. */
export interface Named {
  field: string;
  ref: TerritoryRef;
}
/** A list field (covered communes): one refusal per kind of problem, listing the values. */
export interface NamedList {
  field: string;
  refs: readonly TerritoryRef[];
}

export type RefusalCode = "FORBIDDEN" | "BAD_USER_INPUT";

/** Why a write was refused, on which field, with the value as given (a list joined by `|`). */
export interface Refusal {
  field: string;
  value: string;
  code: RefusalCode;
  reason: string;
  /** The reason already names the offending values (else a message shows the value beside it). */
  mentionsValue: boolean;
}

interface Noun {
  one: string;
  unknown: string;
  unknownMany: string;
  many: string;
}

const NOUNS: Record<RefKind, Noun> = {
  department: { one: "département", unknown: "département inconnu", unknownMany: "départements inconnus", many: "départements" },
  commune: { one: "commune", unknown: "commune inconnue", unknownMany: "communes inconnues", many: "communes" },
  intercommunality: { one: "EPCI", unknown: "EPCI inconnu", unknownMany: "EPCI inconnus", many: "EPCI" },
  convention: { one: "CTG", unknown: "convention inconnue", unknownMany: "conventions inconnues", many: "CTG" },
  conventionReference: { one: "CTG", unknown: "convention inconnue", unknownMany: "conventions inconnues", many: "CTG" },
  action: { one: "action", unknown: "action inconnue", unknownMany: "actions inconnues", many: "actions" },
  sdsfScheme: { one: "SDSF", unknown: "schéma (SDSF) inconnu", unknownMany: "schémas (SDSF) inconnus", many: "SDSF" },
  sdsfAxis: { one: "axe du SDSF", unknown: "axe du SDSF inconnu", unknownMany: "axes du SDSF inconnus", many: "axes du SDSF" },
  facility: { one: "équipement", unknown: "équipement inconnu", unknownMany: "équipements inconnus", many: "équipements" },
  association: { one: "association", unknown: "association inconnue", unknownMany: "associations inconnues", many: "associations" },
  national: { one: "enregistrement", unknown: "", unknownMany: "", many: "" },
};

const isAdmin = (viewer: Viewer) => viewer.kind === "user" && viewer.role === Role.ADMIN;

/** Roles that may write somewhere: the others (anonymous, analysts) are refused before any SQL. */
const WRITER_ROLES: ReadonlySet<Role> = new Set([Role.ADMIN, Role.CAF_AGENT, Role.PARTNER]);

export function requireWriter(viewer: Viewer): void {
  if (viewer.kind !== "user" || !WRITER_ROLES.has(viewer.role)) {
    throw new ForbiddenError("Écriture refusée : jeton d'un agent CAF, d'un administrateur ou d'un partenaire requis");
  }
}

/** Transactions whose write this module has judged (src/db/write.ts rolls back any other caller's write). */
const judgedTransactions = new WeakSet<EntityManager>();

/** Records that the write scope judged this transaction's write; checkWriteScopes calls it. */
export function markWriteScoped(tx: EntityManager): void {
  judgedTransactions.add(tx);
}

export const wasWriteScoped = (tx: EntityManager): boolean => judgedTransactions.has(tx);

/** The caller may write every département of the place (a place with none: administrators only). */
function mayWrite(viewer: Viewer, place: Place): boolean {
  if (place.departments.length === 0) return isAdmin(viewer);
  return place.departments.every((department) => canWriteDepartment(viewer, department));
}

const departmentsText = (departments: readonly string[]) =>
  departments.length === 1 ? `département ${departments[0]}` : `départements ${departments.join(", ")}`;

function ownerRefusal(named: Named, place: Place): Refusal {
  const { ref } = named;
  const value = refValue(ref);
  const noun = NOUNS[ref.kind].one;
  if (place.departments.length === 0) {
    const what = ref.kind === "national" ? noun : `${noun} ${value}`;
    return {
      field: named.field,
      value,
      code: "FORBIDDEN",
      reason: `écriture refusée : ${what} sans territoire, réservé aux administrateurs`,
      mentionsValue: true,
    };
  }
  let where: string;
  if (ref.kind === "department") where = `département ${value}`;
  else if (place.departments.length > 1)
    where = `${noun} ${value} sur les ${departmentsText(place.departments)} (il faut les droits sur chacun)`;
  else where = `${noun} ${value} du ${departmentsText(place.departments)}`;
  return { field: named.field, value, code: "FORBIDDEN", reason: `écriture refusée : ${where} hors de vos droits`, mentionsValue: true };
}

/** The territory references must lie in: the owner's départements, and its holder EPCI's communes. */
interface Territory {
  departments: readonly string[];
  holder: string | null;
  label: string;
}

function liesIn(ref: TerritoryRef, place: Place, territory: Territory): boolean {
  const inDepartments = (d: string) => territory.departments.includes(d);
  switch (ref.kind) {
    case "commune":
      return inDepartments(place.departments[0]) || (territory.holder !== null && place.memberOf === territory.holder);
    case "intercommunality":
      return ref.siren === territory.holder || place.departments.some(inDepartments);
    default:
      return place.departments.length > 0 && place.departments.every(inDepartments);
  }
}

type Outcome = "unknown" | "forbidden" | "outside";

function judgeReference(viewer: Viewer, ref: TerritoryRef, places: Places, territory: Territory): Outcome | null {
  const place = places.get(refKey(ref));
  if (!place) return "unknown";
  if (liesIn(ref, place, territory)) return null;
  return mayWrite(viewer, place) ? "outside" : "forbidden";
}

function describeOutcome(
  outcome: Outcome,
  kind: RefKind,
  items: Array<{ ref: TerritoryRef; place?: Place }>,
  territory: Territory,
  list: boolean,
): string {
  const noun = NOUNS[kind];
  const located = items.map(({ ref, place }) =>
    place ? `${refValue(ref)} (${place.departments.join(", ") || "sans département"})` : refValue(ref),
  );
  if (outcome === "unknown") return list ? `${noun.unknownMany} : ${located.join(", ")}` : noun.unknown;
  if (outcome === "forbidden") {
    return list
      ? `écriture refusée : ${noun.many} hors de vos départements : ${located.join(", ")}`
      : `écriture refusée : ${noun.one} ${located[0]} hors de vos départements`;
  }
  return list
    ? `${noun.many} hors du territoire (${territory.label}) : ${located.join(", ")}`
    : `${noun.one} ${located[0]} hors du territoire (${territory.label})`;
}

function referenceRefusals(viewer: Viewer, named: Named | NamedList, places: Places, territory: Territory): Refusal[] {
  const list = "refs" in named;
  const refs = list ? named.refs : [named.ref];
  const byOutcome = new Map<string, { outcome: Outcome; kind: RefKind; items: Array<{ ref: TerritoryRef; place?: Place }> }>();
  for (const ref of refs) {
    const outcome = judgeReference(viewer, ref, places, territory);
    if (outcome === null) continue;
    const key = `${outcome}:${ref.kind}`;
    const group = byOutcome.get(key) ?? { outcome, kind: ref.kind, items: [] };
    group.items.push({ ref, place: places.get(refKey(ref)) });
    byOutcome.set(key, group);
  }
  const value = refs.map(refValue).join("|");
  return [...byOutcome.values()].map(({ outcome, kind, items }) => ({
    field: named.field,
    value,
    code: outcome === "forbidden" ? "FORBIDDEN" : "BAD_USER_INPUT",
    reason: describeOutcome(outcome, kind, items, territory, list),
    mentionsValue: list || outcome !== "unknown",
  }));
}

/** Every refusal of one write, given where its references lie (pure: tested without a database). */
export function judgeWrite(viewer: Viewer, write: ScopedWrite, places: Places): Refusal[] {
  const ownerPlace = places.get(refKey(write.owner.ref));
  if (!ownerPlace) {
    const value = refValue(write.owner.ref);
    return [{ field: write.owner.field, value, code: "BAD_USER_INPUT", reason: NOUNS[write.owner.ref.kind].unknown, mentionsValue: false }];
  }
  const partner = partnerAssociation(viewer);
  const asPartner = write.partnerMayWrite === true && partner !== null && ownerPlace.partners.includes(partner);
  const asStaff = mayWrite(viewer, ownerPlace);
  if (!asPartner && !asStaff) return [ownerRefusal(write.owner, ownerPlace)];
  if (asPartner && !asStaff && write.partnerFields) {
    const { allowed, given, what } = write.partnerFields;
    const field = given.find((name) => !allowed.includes(name));
    if (field !== undefined) {
      const reason = `écriture refusée : un partenaire ne renseigne que ${what}`;
      return [{ field, value: "", code: "FORBIDDEN", reason, mentionsValue: true }];
    }
  }
  const refusals: Refusal[] = [];
  const previousPlace = write.previousOwner ? places.get(refKey(write.previousOwner.ref)) : undefined;
  if (write.previousOwner && previousPlace && !mayWrite(viewer, previousPlace))
    refusals.push(ownerRefusal(write.previousOwner, previousPlace));

  const holderPlace = write.holder ? places.get(refKey(write.holder.ref)) : undefined;
  const holderSiren = write.holder?.ref.kind === "intercommunality" && holderPlace ? write.holder.ref.siren : ownerPlace.holder;
  const territory: Territory = {
    departments: ownerPlace.departments,
    holder: holderSiren,
    label: `${departmentsText(ownerPlace.departments)}${holderSiren ? ` ou EPCI porteur ${holderSiren}` : ""}`,
  };
  // The holder lies in the département itself (an EPCI with communes there): it does not extend its own territory.
  if (write.holder)
    refusals.push(
      ...referenceRefusals(viewer, write.holder, places, { ...territory, holder: null, label: departmentsText(ownerPlace.departments) }),
    );
  for (const reference of write.references ?? []) refusals.push(...referenceRefusals(viewer, reference, places, territory));
  return refusals;
}

function refsOf(write: ScopedWrite): TerritoryRef[] {
  const named = [write.owner, write.previousOwner, write.holder, ...(write.references ?? [])];
  return named.flatMap((n) => (!n ? [] : "refs" in n ? [...n.refs] : [n.ref]));
}

/** The refusals of many writes (an import's rows), with one statement per kind of reference for all of them. */
export async function checkWriteScopes(
  tx: EntityManager,
  viewer: Viewer,
  writes: readonly ScopedWrite[],
  overrides?: Places,
): Promise<Refusal[][]> {
  const places = await resolvePlaces(tx, writes.flatMap(refsOf), overrides);
  markWriteScoped(tx);
  return writes.map((write) => judgeWrite(viewer, write, places));
}

/** A mutation's check: throws the first refusal (FORBIDDEN, or BAD_USER_INPUT naming the field); nothing is written. */
export async function requireWriteScope(tx: EntityManager, viewer: Viewer, write: ScopedWrite): Promise<void> {
  const [refusals] = await checkWriteScopes(tx, viewer, [write]);
  const first = refusals.find((r) => r.code === "FORBIDDEN") ?? refusals[0];
  if (!first) return;
  const reason = first.reason.replace(/^écriture refusée : /, "");
  if (first.code === "FORBIDDEN") throw new ForbiddenError(`Écriture refusée (champ "${first.field}") : ${reason}`);
  throw new BadUserInputError(`Champ "${first.field}" : ${reason}${first.mentionsValue ? "" : ` « ${first.value} »`}`, first.field);
}
