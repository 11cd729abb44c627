/*
 * Corelb data plane: the k-set slots and the per-service round-robin cursor.
 * A claiming new flow takes the slot under its service's cursor in the active bank and advances
 * the cursor (wrapping at the bank's slot count, without a modulo). WRITE_SLOT packets from the
 * controller store one slot of the inactive bank.
 *
 * Register layouts:
 *   rr_cursor[service]                    bit<8>   next slot to hand out (>= count means 0)
 *   kset_slots[bank ++ service ++ slot]   bit<32>  8w0 ++ server(16) ++ core(8);
 *                                                  index = bank * 1024 + service * 16 + slot
 *
 * rr_cursor: one read-modify-write per packet; kset_slots: one read or one write per packet.
 * TNA: rr_cursor becomes a RegisterAction returning the selected slot (compare with a count
 * carried in metadata); kset_slots a read or write RegisterAction selected by the op.
 */
#ifndef CORELB_KSET_SLOTS_P4
#define CORELB_KSET_SLOTS_P4

#include "headers.p4"

control KSetSlots(inout headers_t hdr, inout local_metadata_t meta) {

    register<bit<8>>(MAX_SERVICES) rr_cursor;
    register<bit<32>>(KSET_SLOT_ENTRIES) kset_slots;
    /* New flows placed per (server, core): index = server[7:0] ++ core. */
    counter(CORE_CHOICE_COUNTER_SIZE, CounterType.packets) core_choice_counter;

    apply {
        bit<32> service_index = (bit<32>)meta.service[SERVICE_INDEX_BITS - 1:0];
        if (meta.kset_op == KSET_OP_SELECT && meta.pending_claim) {
            bit<8> cursor;
            rr_cursor.read(cursor, service_index);
            bit<8> slot = cursor;
            if (cursor >= meta.slot_count) {
                slot = 0;
            }
            rr_cursor.write(service_index, slot + 1);

            bit<32> choice;
            kset_slots.read(choice, (bit<32>)(meta.active_bank ++ meta.service[SERVICE_INDEX_BITS - 1:0] ++ slot[SLOT_INDEX_BITS - 1:0]));
            meta.server = choice[23:8];
            meta.core = choice[7:0];
            meta.flow_chosen = true;
            core_choice_counter.count((bit<32>)(meta.server[7:0] ++ meta.core));
        } else if (meta.kset_op == KSET_OP_WRITE_SLOT && !meta.kset_rejected) {
            kset_slots.write(
                (bit<32>)(hdr.packet_out.bank[0:0] ++ meta.service[SERVICE_INDEX_BITS - 1:0] ++ hdr.packet_out.slot[SLOT_INDEX_BITS - 1:0]),
                8w0 ++ hdr.packet_out.server ++ hdr.packet_out.core);
        }
    }
}

#endif
