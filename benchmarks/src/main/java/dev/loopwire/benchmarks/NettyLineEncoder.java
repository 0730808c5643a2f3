package dev.loopwire.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Appends {@code '\n'} to each outbound payload without copying it: emits the payload and a
 * shared one-byte delimiter buffer, the way {@code LengthFieldPrepender} emits header and body.
 */
@ChannelHandler.Sharable
final class NettyLineEncoder extends MessageToMessageEncoder<ByteBuf> {

    private static final ByteBuf NEWLINE = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(1).writeByte('\n')).asReadOnly();

    NettyLineEncoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        out.add(msg.retain());
        out.add(NEWLINE.duplicate());
    }
}
