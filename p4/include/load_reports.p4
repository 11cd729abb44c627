/*
 * Corelb data plane: load reports (DESIGN.md 2.1, 2.2).
 * - L2 report with sr1 != 0: this switch is a transit hop; shift the labels and send it out of
 *   port sr1.
 * - L2 report with sr1 == 0, or an IPv6 report: consume it. Accepted only from an allowlisted
 *   (ingress port, source address) pair; an accepted report becomes a load_report_digest_t whose
 *   report_format says which of the two formats it came in.
 * - Truncated L2 reports, L2 reports source-routed to the CPU port, and IPv6 reports with bad
 *   fields are malformed.
 * Every report is counted once in report_counter by outcome; everything but a transit report is
 * dropped afterwards (DROP_REPORT).
 */
#ifndef CORELB_LOAD_REPORTS_P4
#define CORELB_LOAD_REPORTS_P4

#include "headers.p4"

control LoadReports(inout headers_t hdr,
                    inout local_metadata_t meta,
                    inout standard_metadata_t standard_metadata) {

    /* Reports by outcome, indexed by REPORT_* (constants.p4). */
    counter(REPORT_COUNTER_SIZE, CounterType.packets) report_counter;

    server_t reporting_server = 0;

    /* The sender is a known server: remember its index for the digest. */
    action accept_report(server_t server) {
        reporting_server = server;
    }

    /* Default: the sender is not allowlisted. */
    action reject_report() {
        reporting_server = 0;
    }

    /* Allowlist of IPv4 (L2-format) reporters: which server may report from which port. */
    table report_sources {
        key = {
            standard_metadata.ingress_port : exact @name("ingress_port");
            hdr.load_report.src_ip         : exact @name("src_ip");
        }
        actions = {
            accept_report;
            @defaultonly reject_report;
        }
        const default_action = reject_report();
        size = TABLE_SIZE_REPORT_SOURCES;
    }

    /* Allowlist of IPv6 reporters, keyed on the IPv6 source address. */
    table report_sources_v6 {
        key = {
            standard_metadata.ingress_port : exact @name("ingress_port");
            hdr.ipv6.src_addr              : exact @name("src_addr");
        }
        actions = {
            accept_report;
            @defaultonly reject_report;
        }
        const default_action = reject_report();
        size = TABLE_SIZE_REPORT_SOURCES;
    }

    /* Transit hop: pop the first source-route label and forward out of it. */
    action forward_source_routed() {
        standard_metadata.egress_spec = (bit<9>)hdr.load_report.sr1;
        hdr.load_report.sr1 = hdr.load_report.sr2;
        hdr.load_report.sr2 = hdr.load_report.sr3;
        hdr.load_report.sr3 = hdr.load_report.sr4;
        hdr.load_report.sr4 = 0;
    }

    apply {
        bit<32> outcome = REPORT_REJECTED_MALFORMED;
        core_t cpu_id = 0;
        bit<8> cpu_load = 0;
        bit<48> report_timestamp = 0;
        bit<1> report_format = REPORT_FORMAT_L2;

        if (standard_metadata.parser_error != error.NoError) {
            outcome = REPORT_REJECTED_MALFORMED;   /* truncated L2 report */
        } else if (hdr.load_report.isValid()) {
            if ((bit<9>)hdr.load_report.sr1 == CPU_PORT) {
                /* A label naming the CPU port would hand the frame to the controller as a
                 * packet_in whose metadata is the report's Ethernet header: refuse it.
                 * TNA: compare with the PCIe CPU port of the pipe instead. */
                outcome = REPORT_REJECTED_MALFORMED;
            } else if (hdr.load_report.sr1 != 0) {
                forward_source_routed();
                outcome = REPORT_FORWARDED;
            } else if (report_sources.apply().hit) {
                outcome = REPORT_ACCEPTED_L2;
                cpu_id = hdr.load_report.cpu_id;
                cpu_load = hdr.load_report.cpu_load;
                report_timestamp = hdr.load_report.timestamp;
            } else {
                outcome = REPORT_REJECTED_UNKNOWN;
            }
        } else if (hdr.ipv6.flow_label[19:16] != 0 || hdr.ipv6.next_hdr != IP_PROTO_NO_NEXT_HEADER) {
            outcome = REPORT_REJECTED_MALFORMED;
        } else if (report_sources_v6.apply().hit) {
            outcome = REPORT_ACCEPTED_IPV6;
            cpu_id = hdr.ipv6.flow_label[15:8];
            cpu_load = hdr.ipv6.flow_label[7:0];
            /* No timestamp on the wire: the report counts as sent when received. */
            report_timestamp = standard_metadata.ingress_global_timestamp;
            report_format = REPORT_FORMAT_IPV6;
        } else {
            outcome = REPORT_REJECTED_UNKNOWN;
        }

        report_counter.count(outcome);
        if (outcome == REPORT_ACCEPTED_L2 || outcome == REPORT_ACCEPTED_IPV6) {
            digest<load_report_digest_t>(DIGEST_RECEIVER, {
                reporting_server, cpu_id, cpu_load, report_timestamp,
                standard_metadata.ingress_global_timestamp, report_format });
        }
        if (outcome != REPORT_FORWARDED) {
            meta.drop_reason = DROP_REPORT;
        }
    }
}

#endif
