/*
 * Corelb data plane: the pending-flow choice array, parallel to pending_signature. A claiming
 * flow stores the (server, core) KSetSlots picked; a pending hit reads it back, so every packet
 * of a new flow lands on the same core until the controller's redirect entry exists.
 *
 * Register layout: pending_choice[pending index] = 8w0 ++ server(16) ++ core(8).
 * One read or one write per packet. TNA: one RegisterAction per direction.
 */
#ifndef CORELB_PENDING_CHOICES_P4
#define CORELB_PENDING_CHOICES_P4

#include "headers.p4"

control PendingChoices(inout headers_t hdr, inout local_metadata_t meta) {

    register<bit<32>>(PENDING_FLOW_SLOTS) pending_choice;

    apply {
        if (meta.pending_claim) {
            pending_choice.write(meta.pending_index, 8w0 ++ meta.server ++ meta.core);
        } else if (meta.pending_hit) {
            bit<32> choice;
            pending_choice.read(choice, meta.pending_index);
            meta.server = choice[23:8];
            meta.core = choice[7:0];
            meta.flow_chosen = true;
        }
    }
}

#endif
