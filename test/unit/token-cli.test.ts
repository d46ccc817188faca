import { tokenCommand } from "../../src/cli/token";
import { tokenConfig, viewerFromHeader } from "../../src/auth/tokens";
import { Role } from "../../src/auth/viewer";

const SECRET = "a-test-secret-of-at-least-32-characters!";

/** `npm run token`: what it prints, its exit code, and that the hub accepts what it mints. */
async function run(argv: string[], env: Record<string, string | undefined> = { JWT_SECRET: SECRET }) {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, "log").mockImplementation((line: string) => {
    out.push(line);
  });
  const error = jest.spyOn(console, "error").mockImplementation((line: string) => {
    err.push(line);
  });
  try {
    const code = await tokenCommand(argv, env);
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe("npm run token", () => {
  it("explains itself with --help: options, examples, exit codes", async () => {
    const { code, stdout } = await run(["--help"], {});
    expect(code).toBe(0);
    for (const text of [
      "--role",
      "--department",
      "--association",
      "--subject",
      "--expires",
      "Exemples",
      "Code de sortie",
      "JWT_MAX_AGE_S",
    ]) {
      expect(stdout).toContain(text);
    }
  });

  it("mints a token the hub reads as the claims asked", async () => {
    const { code, stdout } = await run(["--role", "caf_agent", "--department", "52", "--department", "2A", "--subject", "agent-52"]);
    expect(code).toBe(0);
    expect(await viewerFromHeader(`Bearer ${stdout.trim()}`, tokenConfig({ JWT_SECRET: SECRET }))).toEqual({
      kind: "user",
      subject: "agent-52",
      role: Role.CAF_AGENT,
      national: false,
      departments: ["52", "2A"],
      associationId: null,
    });
  });

  it.each([
    ["an unknown role", ["--role", "BOSS"], 2, /--role/],
    ["an unknown option", ["--role", "ADMIN", "--departement", "52"], 2, /departement/],
    ["a non-numeric association", ["--role", "PARTNER", "--association", "douze"], 2, /--association/],
    ["a bad département code", ["--role", "CAF_AGENT", "--department", "5"], 1, /departments/],
    ["a partner without association", ["--role", "PARTNER"], 1, /association/],
    ["an association on an agent", ["--role", "CAF_AGENT", "--department", "52", "--association", "3"], 1, /association/],
    ["départements on a partner", ["--role", "PARTNER", "--association", "3", "--department", "52"], 1, /departments/],
    ["a lifetime past JWT_MAX_AGE_S", ["--role", "ADMIN", "--expires", "30d"], 1, /JWT_MAX_AGE_S/],
  ])("refuses %s with its exit code and no token", async (_label, argv, exitCode, message) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(exitCode);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
  });

  it("refuses to sign without a usable JWT_SECRET", async () => {
    expect((await run(["--role", "ADMIN"], {})).code).toBe(1);
    expect((await run(["--role", "ADMIN"], { JWT_SECRET: "short" })).code).toBe(1);
  });

  it("applies the hub's JWT_MAX_AGE_S", async () => {
    expect((await run(["--role", "ADMIN", "--expires", "2h"], { JWT_SECRET: SECRET, JWT_MAX_AGE_S: "3600" })).code).toBe(1);
    expect((await run(["--role", "ADMIN", "--expires", "30m"], { JWT_SECRET: SECRET, JWT_MAX_AGE_S: "3600" })).code).toBe(0);
  });
});
