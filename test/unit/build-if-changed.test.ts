import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { DIGEST_FILE, buildIfChanged, sourceFiles } from "../../scripts/build-if-changed";

const REPO = path.resolve(__dirname, "../..");

/** `npm start` compiles only when the sources changed (scripts/build-if-changed.js). */
describe("build if changed", () => {
  let root: string;
  let builds: number;
  const write = (file: string, content: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  };
  /** A build that "compiles" by writing dist/src/main.js, succeeding or not. */
  const start = (outcome = 0) => {
    const before = builds;
    buildIfChanged({
      root,
      log: () => undefined,
      build: () => {
        builds += 1;
        write("dist/src/main.js", "// compiled");
        return outcome;
      },
    });
    return builds > before;
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), "ctg-hub-build-"));
    builds = 0;
    write("tsconfig.json", JSON.stringify({ include: ["src", "migrations"] }));
    write("tsconfig.build.json", JSON.stringify({ extends: "./tsconfig.json", include: ["src", "migrations", "ormconfig.ts"] }));
    write("package-lock.json", "{}");
    write("ormconfig.ts", "export {};");
    write("src/main.ts", "console.log(1);");
    write("src/db/pool.ts", "export const a = 1;");
    write("migrations/1-Initial.ts", "export {};");
    write("src/dashboard/public/app.js", "// served as is");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("compiles the first time, then not while nothing changed", () => {
    expect(start()).toBe(true);
    expect(start()).toBe(false);
    expect(start()).toBe(false);
  });

  it.each([
    ["a source's content", () => write("src/db/pool.ts", "export const a = 2;")],
    ["a migration", () => write("migrations/1-Initial.ts", "export const up = 1;")],
    ["a root file of the build", () => write("ormconfig.ts", "export const x = 1;")],
    ["an added source", () => write("src/db/new.ts", "export {};")],
    ["a removed source", () => unlinkSync(path.join(root, "src/db/pool.ts"))],
    ["a renamed source", () => renameSync(path.join(root, "src/db/pool.ts"), path.join(root, "src/db/pool2.ts"))],
    [
      "the compiler options",
      () => write("tsconfig.json", JSON.stringify({ include: ["src", "migrations"], compilerOptions: { strict: true } })),
    ],
    ["the installed packages", () => write("package-lock.json", '{"lockfileVersion":3}')],
    ["a deleted output", () => unlinkSync(path.join(root, "dist/src/main.js"))],
  ])("compiles again after a change of %s", (_label, change) => {
    start();
    change();
    expect(start()).toBe(true);
    expect(start()).toBe(false);
  });

  it.each([
    [
      "a touched source with the same content (a checkout, a copy)",
      () => utimesSync(path.join(root, "src/main.ts"), new Date(), new Date(Date.now() + 60_000)),
    ],
    ["a page file served as is", () => write("src/dashboard/public/app.js", "// changed")],
  ])("does not compile again after %s", (_label, change) => {
    start();
    change();
    expect(start()).toBe(false);
  });

  it("compiles again after a failed build (no digest recorded)", () => {
    expect(start(2)).toBe(true);
    expect(() => readFileSync(path.join(root, DIGEST_FILE))).toThrow();
    expect(start()).toBe(true);
    expect(start()).toBe(false);
  });

  it("always compiles when asked (npm run build), and records the digest", () => {
    buildIfChanged({
      root,
      always: true,
      log: () => undefined,
      build: () => {
        builds += 1;
        write("dist/src/main.js", "");
        return 0;
      },
    });
    buildIfChanged({
      root,
      always: true,
      log: () => undefined,
      build: () => {
        builds += 1;
        return 0;
      },
    });
    expect(builds).toBe(2);
    expect(start()).toBe(false);
  });

  it("covers every file tsc compiles in this repository, and no page file", () => {
    const configPath = path.join(REPO, "tsconfig.build.json");
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    const compiled = parsed!.fileNames.map((file) => path.relative(REPO, file).split(path.sep).join("/")).sort();
    const digested = sourceFiles(REPO);
    expect(digested.filter((file) => file.endsWith(".ts"))).toEqual(compiled);
    expect(digested).toEqual(expect.arrayContaining(["tsconfig.json", "tsconfig.build.json", "package-lock.json", "src/main.ts"]));
    expect(digested.some((file) => file.startsWith("src/dashboard/public/"))).toBe(false);
  });
});
