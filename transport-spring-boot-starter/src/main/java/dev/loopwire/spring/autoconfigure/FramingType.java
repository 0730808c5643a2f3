package dev.loopwire.spring.autoconfigure;

/** The framings a server can be configured with ({@code loopwire.servers.<name>.framing}). */
public enum FramingType {

    /** One frame per line (see {@link dev.loopwire.transport.codec.LineFraming}). */
    LINE,

    /** A binary length field in front of each frame (see {@link dev.loopwire.transport.codec.LengthFieldFraming}). */
    LENGTH_FIELD
}
