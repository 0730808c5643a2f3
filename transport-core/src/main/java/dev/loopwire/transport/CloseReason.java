package dev.loopwire.transport;

/**
 * Why a connection closed. The first cause wins: a connection the peer half-closed and that then closes
 * after its last reply closed for {@link #PEER}, not {@link #LOCAL}.
 */
public enum CloseReason {

    /** The peer ended the connection: EOF, reset, or a broken pipe while writing. */
    PEER,

    /** The idle timeout closed it. */
    IDLE,

    /**
     * An error on this side: a fatal framing error, a handler failure the failure policy answers with a
     * close, a failed TLS handshake, a refused PROXY header, a reply that cannot be framed, a loop failure.
     */
    ERROR,

    /** The server shut down (gracefully, or at its deadline, or its loop stopped). */
    SHUTDOWN,

    /** A limit closed it, e.g. a slow consumer dropped by a broadcast ({@link SlowConsumerPolicy#CLOSE}). */
    LIMIT,

    /** This side asked: a closing reply ({@code Reply.close()}) or {@link Connection#close()}. */
    LOCAL
}
