import { GraphQLError } from "graphql";
import { BadUserInputError } from "../../src/common/errors";
import { createFormatError } from "../../src/http/format-error";

describe("formatError", () => {
  const logged: unknown[] = [];
  const format = createFormatError({ error: (_message, detail) => logged.push(detail) });

  it("masks an unexpected error for the client and logs it with its stack", () => {
    const bug = new TypeError("cannot read properties of undefined (reading 'id')");
    const wrapped = new GraphQLError(bug.message, { originalError: bug, path: ["commune"] });
    const formatted = format(
      { message: bug.message, path: ["commune"], extensions: { code: "INTERNAL_SERVER_ERROR", stacktrace: ["…"] } },
      wrapped,
    );
    expect(formatted).toEqual({
      message: "Erreur interne du serveur",
      path: ["commune"],
      locations: undefined,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
    expect(logged).toEqual([bug]);
  });

  it("keeps the message and code of an error meant for the client, without a stack", () => {
    const error = new BadUserInputError('Argument "code" : attendu …', "code");
    const formatted = format(
      { message: error.message, extensions: { code: "BAD_USER_INPUT", argument: "code", stacktrace: ["…"] } },
      error,
    );
    expect(formatted).toEqual({ message: error.message, extensions: { code: "BAD_USER_INPUT", argument: "code" } });
  });

  it("logs once a failure Apollo reported itself (its stand-in error is masked, not logged again)", () => {
    logged.length = 0;
    const standIn = new GraphQLError("Internal server error", { originalError: new Error("Internal server error") });
    const formatted = format({ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }, standIn);
    expect(formatted.extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
    expect(formatted.message).toBe("Erreur interne du serveur");
    expect(logged).toEqual([]);
  });

  it("answers a value the database refused (too long, out of range, a NUL byte) as bad input", () => {
    for (const code of ["22001", "22003", "22021"]) {
      const refused = Object.assign(new Error("value refused"), { driverError: { code } });
      const formatted = format(
        { message: "value refused", path: ["setIndicator"], extensions: { code: "INTERNAL_SERVER_ERROR" } },
        new GraphQLError("value refused", { originalError: refused, path: ["setIndicator"] }),
      );
      expect(formatted.extensions).toEqual({ code: "BAD_USER_INPUT" });
      expect(formatted.message).toMatch(/Valeur refusée par la base de données/);
    }
  });

  it("tells Apollo's refusals of a request in French, with their code", () => {
    const batch = format(
      { message: "Operation batching disabled.", extensions: { code: "BAD_REQUEST" } },
      new GraphQLError("Operation batching disabled."),
    );
    expect(batch).toEqual({ message: "Envoi groupé refusé : une seule opération par requête", extensions: { code: "BAD_REQUEST" } });
    const aborted = format(
      { message: "Validation aborted.", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } },
      new GraphQLError("Validation aborted."),
    );
    expect(aborted.message).toMatch(/Requête trop complexe à valider/);
  });
});
