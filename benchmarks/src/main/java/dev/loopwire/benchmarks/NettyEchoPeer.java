package dev.loopwire.benchmarks;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Netty 4.2 NIO echo server: one boss thread, one worker event loop per available processor.
 *
 * <p>Pipeline: frame decoder ({@code LineBasedFrameDecoder}, or
 * {@code LengthFieldBasedFrameDecoder} with a 4-byte length stripped), frame encoder
 * ({@link NettyLineEncoder} or {@code LengthFieldPrepender(4)}), then {@link NettyEchoHandler}.
 * With {@code executorThreads == 0} the echo handler runs on the event loop ("in-loop"); with
 * {@code executorThreads > 0} it is added with a {@code DefaultEventExecutorGroup}, Netty's
 * half-sync/half-async arrangement: each channel is pinned to one executor thread, so replies
 * stay in order, and writes hop back to the event loop.
 *
 * <p>With TLS ({@code --tls}), an {@link SslHandler} over a JDK {@code SSLEngine} (the JDK provider, as
 * Loopwire uses) comes first in the pipeline.
 */
public final class NettyEchoPeer implements EchoPeer {

    private final String name;
    private final int executorThreads;

    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private EventExecutorGroup executor;
    private Channel serverChannel;

    /**
     * @param name            peer name
     * @param executorThreads 0 for in-loop handling, else the executor group's thread count
     */
    public NettyEchoPeer(String name, int executorThreads) {
        this.name = name;
        this.executorThreads = executorThreads;
    }

    /** Executor-group size used by the {@code netty-executor} peer: two per processor. */
    public static int defaultExecutorThreads() {
        return 2 * Runtime.getRuntime().availableProcessors();
    }

    @Override
    public String name() {
        return name;
    }

    // addLast(EventExecutorGroup, ...) is deprecated in Netty 4.2, but it is exactly the
    // half-sync/half-async arrangement this peer exists to measure.
    @SuppressWarnings("deprecation")
    @Override
    public int start(BenchFraming framing, int maxFrameLength) throws InterruptedException {
        return start(framing, maxFrameLength, null);
    }

    @Override
    public boolean supportsTls() {
        return true;
    }

    @Override
    public int start(BenchFraming framing, int maxFrameLength, BenchTls tls) throws InterruptedException {
        if (serverChannel != null) {
            throw new IllegalStateException(name + " already started");
        }
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), NioIoHandler.newFactory());
        executor = executorThreads > 0 ? new DefaultEventExecutorGroup(executorThreads) : null;
        NettyEchoHandler echo = new NettyEchoHandler();
        NettyLineEncoder lineEncoder = new NettyLineEncoder();
        LengthFieldPrepender prepender = new LengthFieldPrepender(4);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline pipeline = ch.pipeline();
                        if (tls != null) {
                            pipeline.addLast("tls", new SslHandler(tls.newServerEngine()));
                        }
                        if (framing == BenchFraming.LINE) {
                            pipeline.addLast("decoder", new LineBasedFrameDecoder(maxFrameLength, true, true));
                            pipeline.addLast("encoder", lineEncoder);
                        } else {
                            pipeline.addLast("decoder", new LengthFieldBasedFrameDecoder(maxFrameLength, 0, 4, 0, 4));
                            pipeline.addLast("encoder", prepender);
                        }
                        if (executor != null) {
                            pipeline.addLast(executor, "echo", echo);
                        } else {
                            pipeline.addLast("echo", echo);
                        }
                    }
                });
        try {
            serverChannel = bootstrap.bind("127.0.0.1", 0).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        shutdown(boss);
        shutdown(workers);
        shutdown(executor);
        boss = null;
        workers = null;
        executor = null;
    }

    private static void shutdown(EventExecutorGroup group) {
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
