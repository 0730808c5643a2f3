package dev.loopwire.spring.handler;

/** What a server does when a frame fails: unknown route, unreadable payload, handler exception, bad frame. */
public enum OnError {

    /** Answer with the server's error reply and keep the connection open. */
    REPLY,

    /** Close the connection (after the replies to earlier frames are written), without an error reply. */
    CLOSE
}
