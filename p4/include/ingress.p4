/*
 * Corelb data plane: ingress. Classifies the packet, then runs the blocks below in a fixed order
 * (the order a Tofino pipeline would place them in), each applied at most once:
 *
 *   controller packet_out | load report | IPv4 to a VIP | other
 *   -> KSetState -> PendingFlows -> KSetSlots -> PendingChoices -> Forwarding -> drop accounting
 *
 * packet_out operations (PACKET_OUT_OP_*) from the CPU port either forward the enclosed frame or
 * update a k-set; every k-set operation is answered with a packet_in (ACK or REJECTED) carrying
 * the service's active bank, so the controller learns the bank state even after a restart
 * (BMv2's P4Runtime server cannot read registers).
 */
#ifndef CORELB_INGRESS_P4
#define CORELB_INGRESS_P4

#include "headers.p4"
#include "load_reports.p4"
#include "service_lookup.p4"
#include "kset_state.p4"
#include "pending_flows.p4"
#include "kset_slots.p4"
#include "pending_choices.p4"
#include "forwarding.p4"

control LbIngress(inout headers_t hdr,
                  inout local_metadata_t meta,
                  inout standard_metadata_t standard_metadata) {

    LoadReports() load_reports;
    ServiceLookup() service_lookup;
    KSetState() kset_state;
    PendingFlows() pending_flows;
    KSetSlots() kset_select;
    PendingChoices() pending_choices;
    Forwarding() forwarding;

    /* Dropped packets by reason, indexed by DROP_* (constants.p4). */
    counter(DROP_COUNTER_SIZE, CounterType.packets) drop_counter;

    /* Validates a k-set packet_out and turns it into a KSET_OP_*; invalid ones are rejected. */
    action start_kset_update(bit<8> kset_op) {
        meta.service = hdr.packet_out.service;
        meta.kset_op = kset_op;
    }

    /* The answer to a k-set operation goes back to the controller. */
    action reply_to_controller(bit<8> reason) {
        hdr.packet_in.setValid();
        hdr.packet_in.ingress_port = standard_metadata.ingress_port;
        hdr.packet_in._pad = 0;
        hdr.packet_in.reason = reason;
        hdr.packet_in.service = hdr.packet_out.service;
        hdr.packet_in.active_bank = (bit<8>)meta.active_bank;
        hdr.packet_out.setInvalid();
        standard_metadata.egress_spec = CPU_PORT;
    }

    apply {
        bool kset_update = false;
        bool is_load_report =
            (hdr.ethernet.isValid() && hdr.ethernet.ether_type == ETHERTYPE_LOAD_REPORT) ||
            (hdr.ipv6.isValid() && hdr.ipv6.traffic_class == LOAD_REPORT_TRAFFIC_CLASS);

        if (hdr.packet_out.isValid()) {
            if (hdr.packet_out.op == PACKET_OUT_OP_FORWARD) {
                /* The frame goes out as the controller built it; it is not looked at. */
                standard_metadata.egress_spec = hdr.packet_out.egress_port;
                hdr.packet_out.setInvalid();
            } else if (hdr.packet_out.op == PACKET_OUT_OP_WRITE_SLOT ||
                       hdr.packet_out.op == PACKET_OUT_OP_ACTIVATE ||
                       hdr.packet_out.op == PACKET_OUT_OP_QUERY_BANK) {
                kset_update = true;
                if ((bit<32>)hdr.packet_out.service >= MAX_SERVICES || hdr.packet_out.bank > 1 ||
                    (hdr.packet_out.op == PACKET_OUT_OP_WRITE_SLOT && hdr.packet_out.slot >= MAX_K) ||
                    (hdr.packet_out.op == PACKET_OUT_OP_ACTIVATE && hdr.packet_out.count > MAX_K)) {
                    meta.kset_rejected = true;
                } else if (hdr.packet_out.op == PACKET_OUT_OP_WRITE_SLOT) {
                    start_kset_update(KSET_OP_WRITE_SLOT);
                } else if (hdr.packet_out.op == PACKET_OUT_OP_ACTIVATE) {
                    start_kset_update(KSET_OP_ACTIVATE);
                } else {
                    start_kset_update(KSET_OP_QUERY_BANK);
                }
            } else {
                meta.drop_reason = DROP_PACKET_OUT_INVALID;
            }
        } else if (is_load_report) {
            load_reports.apply(hdr, meta, standard_metadata);
        } else if (standard_metadata.parser_error != error.NoError) {
            meta.drop_reason = DROP_PARSER_ERROR;
        } else if (hdr.ipv4.isValid() && standard_metadata.checksum_error == 1) {
            meta.drop_reason = DROP_IPV4_CHECKSUM;
        } else if (hdr.ipv4.isValid()) {
            service_lookup.apply(hdr, meta, standard_metadata);
            if (meta.service_hit && meta.drop_reason == DROP_NONE) {
                meta.to_server = true;
                if (!meta.redirect_hit) {
                    meta.kset_op = KSET_OP_SELECT;
                }
            } else if (!meta.is_vip) {
                meta.to_l2 = true;
            }
        } else {
            meta.to_l2 = true;
        }

        if (meta.kset_op != KSET_OP_NONE) {
            kset_state.apply(hdr, meta);
        }
        if (meta.kset_op == KSET_OP_SELECT) {
            pending_flows.apply(hdr, meta);
        }
        if (meta.kset_op != KSET_OP_NONE) {
            kset_select.apply(hdr, meta);
        }
        if (meta.kset_op == KSET_OP_SELECT) {
            pending_choices.apply(hdr, meta);
            if (!meta.flow_chosen) {
                meta.to_server = false;
                meta.drop_reason = DROP_NO_CORE;
            } else if (meta.pending_claim || meta.pending_resend) {
                digest<new_flow_digest_t>(DIGEST_RECEIVER, {
                    hdr.ipv4.src_addr, hdr.ipv4.dst_addr, hdr.ipv4.protocol,
                    meta.l4_src_port, meta.l4_dst_port, meta.service, meta.server, meta.core });
            }
        }
        if (kset_update) {
            if (meta.kset_rejected) {
                reply_to_controller(PACKET_IN_REASON_KSET_REJECTED);
            } else {
                reply_to_controller(PACKET_IN_REASON_KSET_ACK);
            }
        }

        if (meta.to_server || meta.to_l2) {
            forwarding.apply(hdr, meta, standard_metadata);
        }

        if (meta.drop_reason != DROP_NONE) {
            mark_to_drop(standard_metadata);
            drop_counter.count((bit<32>)meta.drop_reason);
        }
    }
}

#endif
