import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DataSource } from "typeorm";
import { createDataSource } from "../../src/server/database";
import { DatabaseInUseError, LOCK_FILE, lockDataDir } from "../../src/db/embedded-lock";
import { finished, runTs, spawnTs } from "../helpers/ts-child";

const HOLDER = "test/helpers/embedded-holder.ts";

/** Every file of a folder with its content's digest: equal digests, nothing changed on disk. */
function digest(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else files[path.relative(folder, file)] = createHash("sha1").update(readFileSync(file)).digest("hex");
    }
  };
  walk(folder);
  return files;
}

/** One process per embedded data folder: a second one is refused before it touches anything. */
describe("the embedded database's folder lock", () => {
  let dataDir: string;
  let dataSource: DataSource;
  /** Children left alive by a failing test are killed, so the run ends. */
  const children: ChildProcess[] = [];
  const open = () => createDataSource({ kind: "embedded", dataDir }, { logErrors: false }).initialize();
  const writers = async (): Promise<number[]> =>
    (await dataSource.query<Array<{ writer: number }>>(`SELECT writer FROM probe ORDER BY writer`)).map((r) => r.writer);

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "ctg-hub-lock-"));
    dataSource = await open();
    await dataSource.query(`CREATE TABLE probe (writer integer)`);
    await dataSource.query(`INSERT INTO probe VALUES ($1)`, [process.pid]);
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    if (dataSource?.isInitialized) await dataSource.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("writes the holder's pid in the folder", () => {
    expect(readFileSync(path.join(dataDir, LOCK_FILE), "utf8").trim()).toBe(String(process.pid));
  });

  it("refuses a second process with an error naming the folder and the holder's pid, and changes nothing", async () => {
    const before = digest(dataDir);
    const second = await runTs(HOLDER, [dataDir, "write"]);
    expect(second.code).toBe(3);
    expect(second.stderr).toContain(`La base embarquée ${dataDir} est déjà ouverte par le processus ${process.pid}`);
    expect(second.stderr).toContain("npm run import -- --hub http://localhost:4000");
    expect(digest(dataDir)).toEqual(before);
    expect(await writers()).toEqual([process.pid]);
  });

  it("refuses a second open of the same folder in the same process", async () => {
    await expect(open()).rejects.toBeInstanceOf(DatabaseInUseError);
    expect(await writers()).toEqual([process.pid]);
  });

  it("gives the folder back on close: another process then opens and writes", async () => {
    await dataSource.destroy();
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
    const second = await runTs(HOLDER, [dataDir, "write"]);
    expect(second).toMatchObject({ code: 0, stderr: "" });
    dataSource = await open();
    expect((await writers()).length).toBe(2);
  });

  it("takes over the lock of a killed holder", async () => {
    await dataSource.destroy();
    const holder = spawnTs(HOLDER, [dataDir, "hold"]);
    children.push(holder);
    const ended = finished(holder);
    await new Promise<void>((resolve) => holder.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve()));
    expect(readFileSync(path.join(dataDir, LOCK_FILE), "utf8").trim()).toBe(String(holder.pid));
    // Refused while it lives…
    await expect(open()).rejects.toThrow(`déjà ouverte par le processus ${holder.pid}`);
    holder.kill("SIGKILL");
    expect((await ended).signal).toBe("SIGKILL");
    // …its lock stays behind, stale, and is taken over.
    expect(readFileSync(path.join(dataDir, LOCK_FILE), "utf8").trim()).toBe(String(holder.pid));
    dataSource = await open();
    expect(readFileSync(path.join(dataDir, LOCK_FILE), "utf8").trim()).toBe(String(process.pid));
    expect((await writers()).length).toBe(2);
  });
});

describe("lockDataDir", () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), "ctg-hub-lockfile-"));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it.each([
    ["a garbled lock file", "not a pid"],
    ["an empty lock file", ""],
    ["a lock of this pid left by an earlier life (a restarted container)", String(process.pid)],
  ])("takes over %s", (_label, content) => {
    writeFileSync(path.join(folder, LOCK_FILE), content);
    const release = lockDataDir(folder);
    expect(readFileSync(path.join(folder, LOCK_FILE), "utf8").trim()).toBe(String(process.pid));
    release();
    expect(existsSync(path.join(folder, LOCK_FILE))).toBe(false);
  });

  it("refuses the folder while held, and only removes its own lock", () => {
    const release = lockDataDir(folder);
    expect(() => lockDataDir(folder)).toThrow(DatabaseInUseError);
    writeFileSync(path.join(folder, LOCK_FILE), "1\n");
    release();
    expect(readFileSync(path.join(folder, LOCK_FILE), "utf8")).toBe("1\n");
  });
});
