import { Arg, Ctx, Extensions, Field, ObjectType, Query, Resolver } from "type-graphql";
import { CODE_FORMATS, isCommuneCode } from "../common/codes";
import { BadUserInputError } from "../common/errors";
import { LIST_LIMITS } from "../common/field-rules";
import { requireFormat } from "../common/validate";
import type { HubContext } from "../graph/context";
import { listBound } from "../graph/list-bounds";
import { FormerCodeKind } from "./former-code.entity";
import { resolveCommuneCodes } from "./territory.service";

@ObjectType({ description: "Un code de commune tel qu'écrit, et la commune actuelle à laquelle il mène" })
export class CommuneCodeMatch {
  @Field({ description: "Code tel qu'écrit" })
  code: string;

  @Field(() => String, {
    nullable: true,
    description: "Code INSEE de la commune actuelle à laquelle il mène (le même pour une commune actuelle ; null : aucune)",
  })
  matchedCode: string | null;

  @Field(() => String, { nullable: true, description: "Nom de la commune actuelle" })
  matchedName: string | null;

  @Field(() => FormerCodeKind, {
    nullable: true,
    description: "Ancien code : commune fusionnée, déléguée ou associée (null pour le code d'une commune actuelle)",
  })
  via: FormerCodeKind | null;

  @Field(() => String, { nullable: true, description: "Nom porté sous le code écrit, s'il est connu" })
  writtenName: string | null;
}

@Resolver(() => CommuneCodeMatch)
export class CommuneCodeResolver {
  @Extensions(listBound(LIST_LIMITS.communes))
  @Query(() => [CommuneCodeMatch], {
    description:
      "Les communes actuelles auxquelles mènent des codes tels qu'écrits (ex. 52018, commune déléguée d'Argentolles → 52140), " +
      "dans l'ordre donné, en une requête : ce que font les écritures et les imports qui reçoivent un ancien code",
  })
  async communeCodes(
    @Ctx() ctx: HubContext,
    @Arg("codes", () => [String], { description: "Codes INSEE, actuels ou anciens" }) codes: string[],
  ): Promise<CommuneCodeMatch[]> {
    if (codes.length > LIST_LIMITS.communes) {
      throw new BadUserInputError(`Argument "codes" : ${LIST_LIMITS.communes} codes au plus (reçu ${codes.length})`, "codes");
    }
    for (const code of codes) requireFormat(isCommuneCode(code), "codes", CODE_FORMATS.commune, code);
    const resolved = await resolveCommuneCodes(ctx.manager, codes);
    return codes.map((code) => {
      const match = resolved.get(code);
      return {
        code,
        matchedCode: match?.communeCode ?? null,
        matchedName: match?.communeName ?? null,
        via: match?.via ?? null,
        writtenName: match?.writtenName ?? null,
      };
    });
  }
}
