// Why a server or core stops or starts receiving new connections. Every change of a
// server's eligibility is reported as one of these, for logs, metrics and status.

export type ServerExclusionReason =
  /** A report's transmission delay was over the staleness threshold (congested path). */
  | 'stale-report'
  /** No accepted report from any of its cores for the silence timeout. */
  | 'silent';

export type ServerInclusionReason =
  /** Its first accepted report, or the first after it went silent. */
  | 'reporting'
  /** Its hold-down ended and it has reported recently. */
  | 'hold-down-expired';

export type LoadTableEvent =
  | { kind: 'server-excluded'; serverIndex: number; reason: ServerExclusionReason; atUs: number; detail: string }
  | { kind: 'server-included'; serverIndex: number; reason: ServerInclusionReason; atUs: number; detail: string };

/** A server's eligibility as the status endpoint shows it. */
export type ServerStatus =
  | { state: 'included' }
  | { state: 'never-reported' }
  | { state: 'excluded'; reason: ServerExclusionReason; holdDownUntilUs: number | null };
