package dev.loopwire.transport.codec;

/** Which line ending a {@link LineFraming} recognises, and which one its encoder appends. */
public enum LineDelimiter {

    /** {@code \n} only; a {@code \r} before it stays part of the line. Replies end in {@code \n}. */
    LF,

    /** {@code \r\n} only; a lone {@code \n} is part of the line. Replies end in {@code \r\n}. */
    CRLF,

    /**
     * Either: a line ends at {@code \n}, and a {@code \r} right before it is stripped too. Replies end
     * in {@code \n}. The friendliest choice for {@code nc} and {@code telnet} clients.
     */
    AUTO
}
