/**
 * A second process on an embedded database folder, through the hub's own embedded driver (the path every
 * DataSource, the server's and the CLI's, opens a folder by). Run by test/helpers/ts-child.ts.
 *
 *   embedded-holder <dataDir> write   inserts a row into `probe`, closes, exits 0
 *   embedded-holder <dataDir> hold    opens, prints "ready", waits to be killed
 * A refused open prints the error's message on stderr and exits 3.
 */
import { createEmbeddedDriver } from "../../src/db/pglite-pool";

const [dataDir, mode] = process.argv.slice(2);
const { Pool } = createEmbeddedDriver({ dataDir });
const pool = new Pool();
pool.connect((error, client, release) => {
  if (error || !client || !release) {
    process.stderr.write(`${error?.message ?? "no client"}\n`);
    process.exit(3);
  }
  if (mode === "hold") {
    process.stdout.write("ready\n");
    setInterval(() => undefined, 60_000);
    return;
  }
  client
    .query(`CREATE TABLE IF NOT EXISTS probe (writer integer); INSERT INTO probe VALUES (${process.pid})`)
    .then(() => release())
    .then(() => pool.end())
    .then(
      () => process.exit(0),
      (failure: Error) => {
        process.stderr.write(`${failure.message}\n`);
        process.exit(4);
      },
    );
});
