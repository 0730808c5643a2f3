package dev.loopwire.spring.handler;

/** How a server's frames are converted to handler arguments and return values back to frames. */
public enum PayloadFormat {

    /** Frames are text in the server's charset (strictly decoded); POJO return values use {@code toString()}. */
    TEXT,

    /** Frames are JSON: POJO arguments and return values go through Jackson; {@code String}/{@code byte[]} stay raw. */
    JSON,

    /** Frames are opaque bytes; handlers take and return {@code byte[]} (text still decodes on request). */
    BINARY
}
