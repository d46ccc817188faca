// Two of class-validator's modules, loaded by path (src/common/rule-validator.ts, src/common/field-rules.ts): the
// package's index loads every validator it has, libphonenumber's metadata included, ~0.13 s of each start for two
// functions. Their declarations are the package's own, re-exported; type-graphql still loads the index when it first
// validates an input.
declare module "class-validator/cjs/register-decorator" {
  export { registerDecorator } from "class-validator";
}

declare module "class-validator/cjs/decorator/string/IsEmail" {
  export { isEmail } from "class-validator";
}

declare module "class-validator/cjs/decorator/common/ValidateNested" {
  export { ValidateNested } from "class-validator";
}
