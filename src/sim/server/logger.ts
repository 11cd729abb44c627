// The structured-logging surface the server uses (pino's method shapes), so the CLI can
// pass a pino logger and tests nothing at all.
export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {} };
