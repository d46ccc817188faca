import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * One process per embedded database. PGlite keeps a whole PostgreSQL in the process that opens a data folder;
 * a second process opening the same folder works on its own copy in memory, and whichever writes last to disk
 * wins: an import run beside a running hub said "applied" and its rows were gone after the hub restarted.
 *
 * The holder writes its pid in `<folder>/ctg-hub.lock` (created exclusively) before PGlite opens the folder, and
 * removes it when it closes or exits. A lock whose process is gone (`kill -9`, a crash, a container restarted with
 * the same pid) is stale and taken over.
 */
export const LOCK_FILE = "ctg-hub.lock";

/** Another live process holds the folder: nothing was opened, nothing changed. */
export class DatabaseInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `La base embarquée ${dataDir} est déjà ouverte par le processus ${holderPid} : un seul processus à la fois ` +
        `peut ouvrir ce dossier, rien n'a été modifié. Pendant que le hub tourne, importez par lui ` +
        `(npm run import -- --hub http://localhost:4000 <type> <fichier>) ; sinon arrêtez le processus ${holderPid}. ` +
        `Si ce processus n'est pas un ctg-hub, supprimez ${path.join(dataDir, LOCK_FILE)}.`,
    );
    this.name = "DatabaseInUseError";
  }
}

/** Folders this process holds: a second open from the same process is refused too. */
const heldHere = new Set<string>();

/** The pid written in a lock file, or null when the file is unreadable or garbled (a crash mid-write). */
function lockHolder(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Whether `pid` is a live process that may hold the lock: a live node process other than this one. */
function isLiveHolder(pid: number): boolean {
  if (pid === process.pid) return false; // not held here (checked first): a previous life of this pid
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  // Where /proc tells, a pid reused by a process that is not node cannot be the holder.
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync("/proc/self/cmdline")) return true;
  try {
    return readFileSync(cmdline, "utf8").includes("node");
  } catch {
    return false;
  }
}

/** Creates the lock with our pid, complete or not at all (written aside, then linked: link fails if it exists). */
function createLock(file: string): boolean {
  const aside = `${file}.${process.pid}`;
  writeFileSync(aside, `${process.pid}\n`);
  try {
    linkSync(aside, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkSync(aside);
  }
}

/**
 * Removes a stale lock of `stalePid`. Moved aside first (atomic), then checked: if a concurrent taker's fresh lock
 * was moved instead, it is put back and the folder is in use.
 */
function removeStaleLock(file: string, stalePid: number | null): boolean {
  const aside = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw error;
  }
  const moved = lockHolder(aside);
  if (moved !== stalePid && moved !== null) {
    try {
      linkSync(aside, file);
    } catch {
      // the slot was taken again meanwhile: that holder stays
    }
    unlinkSync(aside);
    return false;
  }
  unlinkSync(aside);
  return true;
}

/**
 * Takes the folder's lock or throws {@link DatabaseInUseError}. Returns the function that gives it back
 * (idempotent; also run when the process exits).
 */
export function lockDataDir(dataDir: string): () => void {
  const folder = path.resolve(dataDir);
  const file = path.join(folder, LOCK_FILE);
  if (heldHere.has(folder)) throw new DatabaseInUseError(folder, process.pid);
  mkdirSync(folder, { recursive: true });
  // Two tries: a stale lock is removed once, then the lock is created again (a concurrent taker loses cleanly).
  for (let attempt = 0; !createLock(file); attempt++) {
    const holder = lockHolder(file);
    if (attempt > 0 || (holder !== null && isLiveHolder(holder)) || !removeStaleLock(file, holder)) {
      throw new DatabaseInUseError(folder, lockHolder(file) ?? holder ?? 0);
    }
  }
  heldHere.add(folder);
  const release = () => {
    if (!heldHere.delete(folder)) return;
    process.removeListener("exit", release);
    // Only our own lock: never remove one a later holder took over.
    if (lockHolder(file) === process.pid) {
      try {
        unlinkSync(file);
      } catch {
        // already gone
      }
    }
  };
  process.on("exit", release);
  return release;
}
