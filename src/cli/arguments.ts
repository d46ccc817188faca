/** The command line parsed by `parse`, or null after printing why it could not be, with the command's usage. */
export function parsedOrNull<T>(parse: () => T, usage: string): T | null {
  try {
    return parse();
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return null;
  }
}
