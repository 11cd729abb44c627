// The names of p4/lb.p4's control-plane objects the controller uses (docs/dataplane.md),
// in one place so a rename in the P4 program is one edit here.

export const TABLES = {
  reportSources: 'LbIngress.load_reports.report_sources',
  reportSourcesV6: 'LbIngress.load_reports.report_sources_v6',
  vips: 'LbIngress.service_lookup.vips',
  services: 'LbIngress.service_lookup.services',
  redirect: 'LbIngress.service_lookup.redirect',
  servers: 'LbIngress.forwarding.servers',
  snat: 'LbIngress.forwarding.snat',
} as const;

export const ACTIONS = {
  acceptReport: 'LbIngress.load_reports.accept_report',
  markVip: 'LbIngress.service_lookup.mark_vip',
  setService: 'LbIngress.service_lookup.set_service',
  pinFlow: 'LbIngress.service_lookup.pin_flow',
  pinFlowAndMark: 'LbIngress.service_lookup.pin_flow_and_mark',
  pinFlowMetered: 'LbIngress.service_lookup.pin_flow_metered',
  toServer: 'LbIngress.forwarding.to_server',
  rewriteSource: 'LbIngress.forwarding.rewrite_source',
} as const;

export const REGISTERS = {
  activeBank: 'LbIngress.kset_state.active_bank',
  slotCount: 'LbIngress.kset_state.slot_count',
  ksetSlots: 'LbIngress.kset_select.kset_slots',
} as const;

export const DIGESTS = {
  loadReport: 'load_report_digest_t',
  newFlow: 'new_flow_digest_t',
} as const;

/** Register layouts: slot_count[bank * 64 + service], kset_slots[bank * 1024 + service * 16 + slot]. */
export const SLOT_COUNT_BANK_STRIDE = 64;
export const KSET_SLOTS_BANK_STRIDE = 1024;

/** packet_out `op` values and packet_in `reason` values. */
export const PACKET_OUT_OP = { forward: 0, writeSlot: 1, activate: 2, queryBank: 3 } as const;
export const PACKET_IN_REASON = { ksetAck: 1, ksetRejected: 2 } as const;

export const PROTOCOL_NUMBER = { tcp: 6, udp: 17 } as const;
