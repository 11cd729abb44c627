export type AgentErrorCode = 'PROC_STAT_MALFORMED' | 'PROC_STAT_UNREADABLE' | 'AGENT_BAD_OPTION';

export class AgentError extends Error {
  constructor(
    readonly code: AgentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AgentError';
  }
}
