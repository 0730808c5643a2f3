package dev.loopwire.transport.proxy;

/** A PROXY protocol header that cannot be accepted, with the counted reason. */
public final class ProxyProtocolException extends Exception {

    private final ProxyRejection reason;

    public ProxyProtocolException(ProxyRejection reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public ProxyRejection reason() {
        return reason;
    }
}
