/*
 * Corelb data plane: the pending-flow signature array. A new flow (redirect miss) hashes its
 * 5-tuple to a slot; if the slot holds the flow's signature the flow was seen before and keeps
 * the choice stored in PendingChoices (pending hit); otherwise the flow claims the slot (only
 * when the service's k-set is not empty, so a claimed slot always gets a choice). Claiming a
 * slot that held another flow's signature is a collision: that flow, if its redirect entry is
 * still missing, will be placed again on its next packet. Collisions are counted.
 *
 * Register layout: pending_signature[crc16(5-tuple) mod PENDING_FLOW_SLOTS] = crc32(5-tuple) | 1
 * (never 0, so an empty slot matches no flow).
 *
 * One read-modify-write of pending_signature per packet (compare, then maybe store).
 * TNA: a single RegisterAction doing the compare-and-swap and returning "hit"; the two hashes
 * become two Hash externs (CRC16, CRC32).
 */
#ifndef CORELB_PENDING_FLOWS_P4
#define CORELB_PENDING_FLOWS_P4

#include "headers.p4"

control PendingFlows(inout headers_t hdr, inout local_metadata_t meta) {

    register<bit<32>>(PENDING_FLOW_SLOTS) pending_signature;
    /* New flows that evicted another flow's pending entry. */
    counter(1, CounterType.packets) pending_collision_counter;

    apply {
        hash(meta.pending_index, HashAlgorithm.crc16, 32w0,
             { hdr.ipv4.src_addr, hdr.ipv4.dst_addr, hdr.ipv4.protocol, meta.l4_src_port, meta.l4_dst_port },
             PENDING_FLOW_SLOTS);
        bit<32> signature;
        hash(signature, HashAlgorithm.crc32, 32w0,
             { hdr.ipv4.src_addr, hdr.ipv4.dst_addr, hdr.ipv4.protocol, meta.l4_src_port, meta.l4_dst_port },
             64w0x100000000);
        meta.flow_signature = signature | 1;

        bit<32> stored;
        pending_signature.read(stored, meta.pending_index);
        if (stored == meta.flow_signature) {
            meta.pending_hit = true;
        } else if (meta.slot_count != 0) {
            pending_signature.write(meta.pending_index, meta.flow_signature);
            meta.pending_claim = true;
            if (stored != 0) {
                pending_collision_counter.count(0);
            }
        }
    }
}

#endif
