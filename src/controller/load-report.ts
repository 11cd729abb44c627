// One load report as the controller receives it from a switch's load digest.

export interface LoadReport {
  /** Data-plane index of the reporting server (the switch adapter maps the source address to it). */
  serverIndex: number;
  coreId: number;
  /** Smoothed utilisation, 0..255 meaning 0..100 %. */
  load: number;
  /**
   * When the server sent it: µs since the Unix epoch modulo 2^48, or null for the IPv6
   * report format, which carries no timestamp and counts as sent when received.
   */
  reportTimestampUs: number | null;
  /**
   * When the switch received it, µs modulo 2^48 on the same clock as report timestamps
   * (the switch adapter converts the switch's own clock).
   */
  switchTimeUs: number;
}

/** What the load table did with a report. */
export type ReportOutcome =
  /** Stored; the core's load is current. */
  | 'accepted'
  /** Transmission delay over the staleness threshold: dropped, and its server held down. */
  | 'stale'
  /** Not newer than the latest report seen for that core (reordered or duplicated): ignored. */
  | 'out-of-order'
  /**
   * Sent "later" than the switch received it by more than the staleness threshold: the
   * server's clock is ahead, so freshness cannot be judged. Ignored, without becoming
   * the core's latest time (else one bad clock reading would lock the core out).
   */
  | 'future'
  /** No such (server, core) in the configuration: ignored. */
  | 'unknown-core'
  /** Load or timestamps out of range: ignored. */
  | 'malformed';
