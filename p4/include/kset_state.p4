/*
 * Corelb data plane: which bank of a service's k-set is active, and how many slots it holds.
 * The controller fills the inactive bank slot by slot (KSetSlots), then ACTIVATE writes the new
 * bank's slot count and flips active_bank in one packet, so the data path never sees a
 * half-written k-set.
 *
 * Register layouts:
 *   active_bank[service]            bit<1>  the bank new flows read
 *   slot_count[bank ++ service]     bit<8>  valid slots in that bank (index = bank * 64 + service)
 *
 * Each register is touched at most once per packet (one read, or one write).
 * TNA: each access becomes one RegisterAction; ACTIVATE's two writes are in different registers.
 */
#ifndef CORELB_KSET_STATE_P4
#define CORELB_KSET_STATE_P4

#include "headers.p4"

control KSetState(inout headers_t hdr, inout local_metadata_t meta) {

    register<bit<1>>(MAX_SERVICES) active_bank;
    register<bit<8>>(SLOT_COUNT_ENTRIES) slot_count;

    apply {
        bit<32> service_index = (bit<32>)meta.service[SERVICE_INDEX_BITS - 1:0];
        if (meta.kset_op == KSET_OP_SELECT) {
            active_bank.read(meta.active_bank, service_index);
            slot_count.read(meta.slot_count, (bit<32>)(meta.active_bank ++ meta.service[SERVICE_INDEX_BITS - 1:0]));
        } else if (meta.kset_op == KSET_OP_WRITE_SLOT) {
            active_bank.read(meta.active_bank, service_index);
            /* Writing into the bank the data path reads would expose a half-written k-set. */
            if (hdr.packet_out.bank[0:0] == meta.active_bank) {
                meta.kset_rejected = true;
            }
        } else if (meta.kset_op == KSET_OP_QUERY_BANK) {
            active_bank.read(meta.active_bank, service_index);
        } else if (meta.kset_op == KSET_OP_ACTIVATE) {
            slot_count.write((bit<32>)(hdr.packet_out.bank[0:0] ++ meta.service[SERVICE_INDEX_BITS - 1:0]), hdr.packet_out.count);
            active_bank.write(service_index, hdr.packet_out.bank[0:0]);
            meta.active_bank = hdr.packet_out.bank[0:0];
        }
    }
}

#endif
