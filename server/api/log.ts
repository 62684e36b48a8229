/** The fields of the one line logged per request. Never a token, header value or query string. */
export interface RequestLogEntry {
  method: string | null;
  /** Pathname only, so `?access_token=` and friends never reach the log. */
  path: string | null;
  status: number;
  durationMs: number;
  /** The caller's `sub`, once the token verified. */
  sub?: string;
  /** A fixed reason code when the request was rejected (see rejection.ts, handle-request.ts and client-error.ts). */
  reason?: string;
}

/** Serializes `entry` as one JSON line with the current time first. */
export function formatLogLine(entry: RequestLogEntry): string {
  return JSON.stringify({ time: new Date().toISOString(), ...entry });
}

/** The default log sink: one line to stdout. */
export function writeLogLine(line: string): void {
  process.stdout.write(`${line}\n`);
}
