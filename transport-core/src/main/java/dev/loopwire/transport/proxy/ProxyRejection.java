package dev.loopwire.transport.proxy;

/** Why a PROXY protocol header was refused or ignored; {@link #tag()} is the metrics tag. */
public enum ProxyRejection {
    /** Not a valid v1 or v2 header. */
    MALFORMED("malformed"),
    /** Longer than allowed (v1 over 107 bytes, v2 over its bound). */
    TOO_LONG("too-long"),
    /** The header did not arrive within the header timeout. */
    TIMEOUT("timeout"),
    /** The peer is not a trusted proxy: closed (required) or its header ignored (optional). */
    UNTRUSTED("untrusted"),
    /** Mode required, but the connection did not start with a header. */
    MISSING("missing"),
    /** A v2 header with an address family/protocol byte the specification does not assign (e.g. 0xFF). */
    UNKNOWN_FAMILY("unknown-family");

    private final String tag;

    ProxyRejection(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
