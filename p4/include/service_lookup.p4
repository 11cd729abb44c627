/*
 * Corelb data plane: from an IPv4 packet to its service and, if the flow is pinned already, its
 * (server, core).
 * - vips: is the destination a VIP at all? (VIP traffic that is not plain TCP/UDP is dropped,
 *   not forwarded at L2.)
 * - services: (VIP, protocol, port) -> service index.
 * - redirect: the 5-tuple -> (server, core), installed by the controller from new-flow digests;
 *   idle timeout lets the controller age flows; a direct counter gives per-flow bytes; a direct
 *   meter rate-limits heavy flows (pin_flow_metered): RED packets are dropped, YELLOW ones
 *   marked with a DSCP.
 */
#ifndef CORELB_SERVICE_LOOKUP_P4
#define CORELB_SERVICE_LOOKUP_P4

#include "headers.p4"

control ServiceLookup(inout headers_t hdr,
                      inout local_metadata_t meta,
                      inout standard_metadata_t standard_metadata) {

    /* Packets and bytes per service, indexed by the service index. */
    counter(MAX_SERVICES, CounterType.packets_and_bytes) service_counter;
    /* Packets and bytes per pinned flow, read by the controller to find heavy flows. */
    direct_counter(CounterType.packets_and_bytes) redirect_counter;
    /*
     * Per pinned flow, bytes: a two-rate three-colour meter (RFC 2698) the controller configures
     * with a DirectMeterEntry for a heavy flow. An entry without a meter config marks GREEN.
     * TNA: DirectMeter(MeterType_t.BYTES) with execute() in the action, whose RED is 3.
     */
    direct_meter<bit<2>>(MeterType.bytes) redirect_meter;

    /* The destination is one of the load balancer's virtual addresses. */
    action mark_vip() {
        meta.is_vip = true;
    }

    /* One entry per VIP address. */
    table vips {
        key = {
            hdr.ipv4.dst_addr : exact @name("dst_addr");
        }
        actions = {
            mark_vip;
            @defaultonly NoAction;
        }
        const default_action = NoAction();
        size = TABLE_SIZE_SERVICES;
    }

    /* The packet belongs to service `service` (index into the k-set registers, < MAX_SERVICES). */
    action set_service(service_t service) {
        meta.service_hit = true;
        meta.service = service;
    }

    /* (VIP, protocol, destination port) -> service index. */
    table services {
        key = {
            hdr.ipv4.dst_addr : exact @name("dst_addr");
            hdr.ipv4.protocol : exact @name("protocol");
            meta.l4_dst_port  : exact @name("dst_port");
        }
        actions = {
            set_service;
            @defaultonly NoAction;
        }
        const default_action = NoAction();
        size = TABLE_SIZE_SERVICES;
    }

    /* The flow is pinned to (server, core). */
    action pin_flow(server_t server, core_t core) {
        meta.redirect_hit = true;
        meta.flow_chosen = true;
        meta.server = server;
        meta.core = core;
    }

    /* Pinned, and marked with a DSCP: how the controller flags a heavy flow. */
    action pin_flow_and_mark(server_t server, core_t core, bit<6> dscp) {
        meta.redirect_hit = true;
        meta.flow_chosen = true;
        meta.server = server;
        meta.core = core;
        hdr.ipv4.dscp = dscp;
        meta.ipv4_rewritten = true;
    }

    /*
     * Pinned and rate-limited: the entry's meter colours each packet; GREEN passes, YELLOW (over
     * the committed rate) is marked with `dscp`, RED (over the peak rate) is dropped.
     */
    action pin_flow_metered(server_t server, core_t core, bit<6> dscp) {
        redirect_meter.read(meta.flow_color);
        meta.flow_metered = true;
        meta.redirect_hit = true;
        meta.flow_chosen = true;
        meta.server = server;
        meta.core = core;
        meta.flow_mark_dscp = dscp;
    }

    /* Default: not pinned yet; the pending-flow path chooses. */
    action new_flow() {
        meta.redirect_hit = false;
    }

    /* The draft's "Flow ID | DIP | CID" table. */
    table redirect {
        key = {
            hdr.ipv4.src_addr : exact @name("src_addr");
            hdr.ipv4.dst_addr : exact @name("dst_addr");
            hdr.ipv4.protocol : exact @name("protocol");
            meta.l4_src_port  : exact @name("src_port");
            meta.l4_dst_port  : exact @name("dst_port");
        }
        actions = {
            pin_flow;
            pin_flow_and_mark;
            pin_flow_metered;
            @defaultonly new_flow;
        }
        const default_action = new_flow();
        counters = redirect_counter;
        meters = redirect_meter;
        support_timeout = true;
        size = TABLE_SIZE_REDIRECT;
    }

    apply {
        vips.apply();
        if (meta.is_vip) {
            if (!meta.l4_valid) {
                /* ICMP, IPv4 options, fragments: not something an L4 balancer can place. */
                meta.drop_reason = DROP_VIP_UNSUPPORTED;
            } else if (hdr.ipv4.ttl <= 1) {
                meta.drop_reason = DROP_TTL_EXPIRED;
            } else if (services.apply().hit) {
                service_counter.count((bit<32>)meta.service[SERVICE_INDEX_BITS - 1:0]);
                redirect.apply();
                /* Only pin_flow_metered's entries act on the colour: BMv2 runs a table's direct
                 * meter on every hit, whatever the action, so another action's entry that still
                 * has a meter configuration must not be policed by it. */
                if (meta.flow_metered && meta.flow_color == METER_RED) {
                    meta.drop_reason = DROP_FLOW_METER_RED;
                } else if (meta.flow_metered && meta.flow_color == METER_YELLOW) {
                    hdr.ipv4.dscp = meta.flow_mark_dscp;
                    meta.ipv4_rewritten = true;
                }
            } else {
                meta.drop_reason = DROP_VIP_NO_SERVICE;
            }
        }
    }
}

#endif
