/** Types of scripts/build-if-changed.js (plain JavaScript: it runs before anything is compiled). */
export declare const DIGEST_FILE: string;
export declare function runTsc(root: string): number;
export declare function sourceFiles(root: string): string[];
export declare function sourcesDigest(root: string): string;
export declare function staleReason(root: string): string | null;
export declare function buildIfChanged(options: {
  root: string;
  build: (root: string) => number;
  always?: boolean;
  log?: (line: string) => void;
}): number;
