import { GraphQLError } from "graphql";
import { BadUserInputError } from "../../src/common/errors";
import { createFormatError } from "../../src/server/format-error";

describe("formatError", () => {
  const logged: unknown[] = [];
  const format = createFormatError({ error: (_message, detail) => logged.push(detail) });

  it("masks an unexpected error for the client and logs it with its stack", () => {
    const bug = new TypeError("cannot read properties of undefined (reading 'id')");
    const wrapped = new GraphQLError(bug.message, { originalError: bug, path: ["commune"] });
    const formatted = format({ message: bug.message, path: ["commune"], extensions: { code: "INTERNAL_SERVER_ERROR", stacktrace: ["…"] } }, wrapped);
    expect(formatted).toEqual({ message: "Erreur interne du serveur", path: ["commune"], locations: undefined, extensions: { code: "INTERNAL_SERVER_ERROR" } });
    expect(logged).toEqual([bug]);
  });

  it("keeps the message and code of an error meant for the client, without a stack", () => {
    const error = new BadUserInputError("Argument \"code\" : attendu …", "code");
    const formatted = format({ message: error.message, extensions: { code: "BAD_USER_INPUT", argument: "code", stacktrace: ["…"] } }, error);
    expect(formatted).toEqual({ message: error.message, extensions: { code: "BAD_USER_INPUT", argument: "code" } });
  });
});
