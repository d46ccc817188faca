/** A setting (environment variable) that is missing or malformed: the hub refuses to start and says which. */
export class ConfigError extends Error {}
