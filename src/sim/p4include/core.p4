/* The P4_16 core library as the simulator provides it: written from the P4_16 language
 * specification (appendix "P4 core library"), with the same names and signatures, so a
 * program that includes <core.p4> builds on p4c and on the Corelb simulator alike. */

#ifndef _CORE_P4_
#define _CORE_P4_

/* Errors every target can signal; further members may be added by programs. */
error {
    NoError,
    PacketTooShort,
    NoMatch,
    StackOutOfBounds,
    HeaderTooShort,
    ParserTimeout,
    ParserInvalidArgument
}

/* The packet a parser reads. */
extern packet_in {
    /* Reads a fixed-size header and makes it valid. */
    void extract<T>(out T hdr);
    /* Reads a header whose single varbit field takes variableFieldSizeInBits bits. */
    void extract<T>(out T variableSizeHeader, in bit<32> variableFieldSizeInBits);
    /* The next bits of the packet as a T, without consuming them. */
    T lookahead<T>();
    /* Skips sizeInBits bits. */
    void advance(in bit<32> sizeInBits);
    /* Length of the whole packet in bytes (not every target knows it). */
    bit<32> length();
}

/* The packet a deparser writes. */
extern packet_out {
    /* Appends hdr if it is a valid header (or, for structs and stacks, each valid header in order). */
    void emit<T>(in T hdr);
}

/* Ends parsing with toSignal when check is false. */
extern void verify(in bool check, in error toSignal);

/* Evaluated while compiling: stops compilation with `message` when check is false.
 * Returns true, so it can initialise a constant. */
extern bool static_assert(bool check, string message);
extern bool static_assert(bool check);

/* The action that does nothing: the default default action. */
@noWarn("unused")
action NoAction() {}

/* Match kinds every target supports. */
match_kind {
    exact,
    ternary,
    lpm
}

#endif  /* _CORE_P4_ */
