import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const BIN = "/usr/lib/postgresql/15/bin";

/**
 * A PostgreSQL cluster of the test's own, on a spare port, that the test may stop and start
 * (never the shared server other tests use). initdb refuses root: it runs as the `postgres` user.
 */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static available(): boolean {
    return existsSync(`${BIN}/initdb`) && process.getuid?.() === 0;
  }

  static create(port: number): PrivatePostgres {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ctg-hub-pg-"));
    chownSync(
      dir,
      Number(execFileSync("id", ["-u", "postgres"]).toString().trim()),
      Number(execFileSync("id", ["-g", "postgres"]).toString().trim()),
    );
    const cluster = new PrivatePostgres(dir, port);
    cluster.asPostgres(`${BIN}/initdb`, ["-D", `${dir}/data`, "-A", "trust", "-U", "postgres"]);
    cluster.start();
    return cluster;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  start(): void {
    this.asPostgres(`${BIN}/pg_ctl`, [
      "-D",
      `${this.dir}/data`,
      "-o",
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`,
      "-l",
      `${this.dir}/log`,
      "-w",
      "start",
    ]);
  }

  stop(): void {
    this.asPostgres(`${BIN}/pg_ctl`, ["-D", `${this.dir}/data`, "-m", "fast", "-w", "stop"]);
  }

  destroy(): void {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private asPostgres(command: string, args: string[]): void {
    execFileSync("runuser", ["-u", "postgres", "--", command, ...args], { stdio: "pipe" });
  }
}
