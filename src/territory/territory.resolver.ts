import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { CODE_FORMATS, isCommuneCode, isDepartmentCode, isSiren } from "../common/codes";
import { Convention } from "../convention/convention.entity";
import type { HubContext } from "../graphql/context";
import { present, requireFormat } from "../graphql/resolver-utils";
import { Commune } from "./commune.entity";
import { Department } from "./department.entity";
import { Intercommunality } from "./intercommunality.entity";
import { Region } from "./region.entity";


@Resolver(() => Department)
export class DepartmentResolver {
  @Query(() => Department, { nullable: true, description: "Un département par son code INSEE (null s'il n'existe pas)" })
  department(@Arg("code", { description: "Code INSEE du département (ex. 52, 2A, 972)" }) code: string, @Ctx() ctx: HubContext) {
    requireFormat(isDepartmentCode(code), "code", CODE_FORMATS.department, code);
    return ctx.loaders.departmentByCode.load(code);
  }

  @FieldResolver(() => Region, { description: "Région" })
  region(@Root() department: Department, @Ctx() ctx: HubContext) {
    return ctx.loaders.regionByCode.load(department.regionCode);
  }

  @FieldResolver(() => [Commune], { description: "Communes du département, par code INSEE" })
  communes(@Root() department: Department, @Ctx() ctx: HubContext) {
    return ctx.loaders.communesByDepartmentCode.load(department.code);
  }

  @FieldResolver(() => [Intercommunality], { description: "EPCI ayant au moins une commune membre dans le département" })
  async intercommunalities(@Root() department: Department, @Ctx() ctx: HubContext) {
    const links = await ctx.loaders.intercommunalitySirensByDepartmentCode.load(department.code);
    return present(await ctx.loaders.intercommunalityBySiren.loadMany(links.map((l) => l.siren)));
  }

  @FieldResolver(() => [Convention], { description: "CTG signées par la CAF du département" })
  conventions(@Root() department: Department, @Ctx() ctx: HubContext) {
    return ctx.loaders.conventionsByDepartmentCode.load(department.code);
  }
}

@Resolver(() => Commune)
export class CommuneResolver {
  @Query(() => Commune, { nullable: true, description: "Une commune par son code INSEE (null si elle n'existe pas)" })
  commune(@Arg("code", { description: "Code INSEE de la commune (ex. 52250)" }) code: string, @Ctx() ctx: HubContext) {
    requireFormat(isCommuneCode(code), "code", CODE_FORMATS.commune, code);
    return ctx.loaders.communeByCode.load(code);
  }

  @FieldResolver(() => Department, { description: "Département" })
  department(@Root() commune: Commune, @Ctx() ctx: HubContext) {
    return ctx.loaders.departmentByCode.load(commune.departmentCode);
  }

  @FieldResolver(() => Intercommunality, { nullable: true, description: "EPCI dont la commune est membre" })
  intercommunality(@Root() commune: Commune, @Ctx() ctx: HubContext) {
    return commune.intercommunalitySiren ? ctx.loaders.intercommunalityBySiren.load(commune.intercommunalitySiren) : null;
  }

  @FieldResolver(() => [Convention], { description: "CTG qui couvrent la commune (quel que soit leur statut)" })
  async conventions(@Root() commune: Commune, @Ctx() ctx: HubContext) {
    const links = await ctx.loaders.coverageByCommuneCode.load(commune.code);
    return present(await ctx.loaders.conventionById.loadMany(links.map((l) => l.conventionId)));
  }
}

@Resolver(() => Intercommunality)
export class IntercommunalityResolver {
  @Query(() => Intercommunality, { nullable: true, description: "Un EPCI par son SIREN (null s'il n'existe pas)" })
  intercommunality(@Arg("siren", { description: "SIREN de l'EPCI (ex. 200044253)" }) siren: string, @Ctx() ctx: HubContext) {
    requireFormat(isSiren(siren), "siren", CODE_FORMATS.siren, siren);
    return ctx.loaders.intercommunalityBySiren.load(siren);
  }

  @FieldResolver(() => [Commune], { description: "Communes membres" })
  communes(@Root() epci: Intercommunality, @Ctx() ctx: HubContext) {
    return ctx.loaders.communesByIntercommunalitySiren.load(epci.siren);
  }

  @FieldResolver(() => [Department], { description: "Départements des communes membres (plusieurs pour 89 EPCI)" })
  async departments(@Root() epci: Intercommunality, @Ctx() ctx: HubContext) {
    const links = await ctx.loaders.departmentCodesByIntercommunalitySiren.load(epci.siren);
    return present(await ctx.loaders.departmentByCode.loadMany(links.map((l) => l.departmentCode)));
  }

  @FieldResolver(() => [Convention], { description: "CTG portées par l'EPCI" })
  conventions(@Root() epci: Intercommunality, @Ctx() ctx: HubContext) {
    return ctx.loaders.conventionsByHolderIntercommunalitySiren.load(epci.siren);
  }
}
