package dev.loopwire.transport.connection;

import dev.loopwire.transport.codec.FrameDecodingException;

/**
 * An io-dispatch-like inbound handler for connection tests: each frame is queued back as it is decoded,
 * one flush per read, and the peer's half-close closes the connection. Loop thread only.
 */
final class EchoInbound implements InboundHandler {

    private final NioConnection connection;

    EchoInbound(NioConnection connection) {
        this.connection = connection;
    }

    @Override
    public void onFrame(byte[] frame) {
        connection.enqueuePayload(frame);
    }

    @Override
    public void onReadComplete() {
        connection.requestFlush();
    }

    @Override
    public void onBadFrame(FrameDecodingException error) {
    }

    @Override
    public void onInputClosed() {
        connection.close();
    }

    @Override
    public void onClosed() {
    }
}
