/**
 * Progress of a long import. On a terminal (stderr is a TTY) one bar redrawn in place; in a pipe or a
 * CI log, plain lines at each tenth so the log stays short and readable.
 */
export interface ProgressReporter {
  start(label: string, total: number): void;
  advance(count: number): void;
  finish(): void;
}

export const silentProgress: ProgressReporter = { start: () => undefined, advance: () => undefined, finish: () => undefined };

const BAR_WIDTH = 30;
const REDRAW_MS = 100;
const formatCount = (n: number) => n.toLocaleString("fr-FR");

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): boolean;
}

export function streamProgress(stream: ProgressStream, now: () => number = Date.now): ProgressReporter {
  let label = "";
  let total = 0;
  let done = 0;
  let lastDraw = 0;
  let lastTenth = 0;
  const draw = () => {
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(ratio * BAR_WIDTH);
    stream.write(
      `\r${label} [${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${Math.floor(ratio * 100)} % ${formatCount(done)}/${formatCount(total)}`,
    );
  };
  return {
    start(newLabel, newTotal) {
      label = newLabel;
      total = newTotal;
      done = 0;
      lastTenth = 0;
      if (stream.isTTY) draw();
    },
    advance(count) {
      done += count;
      if (stream.isTTY) {
        if (now() - lastDraw >= REDRAW_MS || done >= total) {
          lastDraw = now();
          draw();
        }
        return;
      }
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        stream.write(`${label} : ${formatCount(done)}/${formatCount(total)} lignes\n`);
      }
    },
    finish() {
      if (stream.isTTY && label) {
        draw();
        stream.write("\n");
      }
      label = "";
    },
  };
}
