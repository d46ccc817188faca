import { Field, InputType } from "type-graphql";

@InputType({ description: "Filtres sur les schémas départementaux des services aux familles" })
export class SdsfSchemeFilter {
  @Field(() => String, { nullable: true, description: "Code du département" })
  department?: string | null;
}
