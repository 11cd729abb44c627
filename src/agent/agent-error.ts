export type AgentErrorCode =
  | 'PROC_STAT_MALFORMED'
  | 'PROC_STAT_UNREADABLE'
  | 'AGENT_BAD_OPTION'
  /** The native socket addon is not built (npm ci builds it with node-gyp) or not loadable. */
  | 'AGENT_NATIVE_MISSING'
  /** Opening, sending on or closing a raw socket failed; `errno` names the system error. */
  | 'AGENT_SOCKET';

export class AgentError extends Error {
  constructor(
    readonly code: AgentErrorCode,
    message: string,
    /** The system error name (EPERM, ENODEV...) for AGENT_SOCKET. */
    readonly errno?: string,
  ) {
    super(message);
    this.name = 'AgentError';
  }
}
