package dev.loopwire.spring.client;

/** A reply frame could not be decoded (too long, corrupt length field); the connection is closed and its pending requests fail with this. */
public class MalformedReplyException extends LoopwireClientException {

    private static final long serialVersionUID = 1L;

    public MalformedReplyException(String client, String address, String problem, Throwable cause) {
        super(client, address, problem, cause);
    }
}
