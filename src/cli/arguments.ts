/** The command line parsed by `parse`, or null after printing why it could not be, with the command's usage. */
export function parsedOrNull<T>(parse: () => T, usage: string): T | null {
  try {
    return parse();
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return null;
  }
}

/**
 * Runs a command when its file is the process's main module: the exit code it returns, or 1 when it throws, with
 * `label` and the error's message.
 */
export function runAsMain(main: NodeJS.Module, command: (argv: string[]) => Promise<number>, label: string): void {
  if (require.main !== main) return;
  command(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`${label} interrompu :`, error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
