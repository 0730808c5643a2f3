package dev.loopwire.spring.client;

/** The reply frame arrived but could not be converted to the type asked for. */
public class ReplyConversionException extends LoopwireClientException {

    private static final long serialVersionUID = 1L;

    public ReplyConversionException(String client, String address, String problem, Throwable cause) {
        super(client, address, problem, cause);
    }
}
