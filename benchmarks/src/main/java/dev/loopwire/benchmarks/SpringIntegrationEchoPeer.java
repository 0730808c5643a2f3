package dev.loopwire.benchmarks;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;
import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.integration.ip.tcp.serializer.ByteArrayLengthHeaderSerializer;
import org.springframework.integration.ip.tcp.serializer.ByteArrayLfSerializer;

/**
 * Spring Integration 7.1 TCP NIO echo server: a {@link TcpNioServerConnectionFactory} with
 * {@link ByteArrayLfSerializer} or {@link ByteArrayLengthHeaderSerializer} (4-byte header),
 * feeding a {@code TcpInboundGateway} whose flow returns the payload as the reply.
 *
 * <p>Wired the way an application would: an {@code IntegrationFlow} bean in a small
 * {@link AnnotationConfigApplicationContext} with {@code @EnableIntegration}. Threads are the
 * factory's defaults (one selector thread, a cached pool for assembling and handling), with
 * TCP_NODELAY on and reverse DNS lookup off.
 */
public final class SpringIntegrationEchoPeer implements EchoPeer {

    /** Bounded wait for the factory's listener thread to bind. */
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(10);

    private AnnotationConfigApplicationContext context;

    @Override
    public String name() {
        return "spring-integration";
    }

    @Override
    public int start(BenchFraming framing, int maxFrameLength) throws Exception {
        if (context != null) {
            throw new IllegalStateException(name() + " already started");
        }
        AbstractByteArraySerializer serializer = framing == BenchFraming.LINE
                ? new ByteArrayLfSerializer()
                : new ByteArrayLengthHeaderSerializer(ByteArrayLengthHeaderSerializer.HEADER_SIZE_INT);
        serializer.setMaxMessageSize(maxFrameLength);

        TcpNioServerConnectionFactory factory = new TcpNioServerConnectionFactory(0);
        factory.setLocalAddress("127.0.0.1");
        factory.setSerializer(serializer);
        factory.setDeserializer(serializer);
        factory.setSoTcpNoDelay(true);
        factory.setLookupHost(false);
        factory.setBacklog(1024);

        context = new AnnotationConfigApplicationContext();
        context.register(IntegrationConfiguration.class);
        context.registerBean("echoServerFactory", TcpNioServerConnectionFactory.class, () -> factory);
        context.registerBean("echoFlow", IntegrationFlow.class,
                () -> IntegrationFlow.from(Tcp.inboundGateway(factory))
                        .handle((payload, headers) -> payload)
                        .get());
        try {
            context.refresh();
            long deadline = System.nanoTime() + LISTEN_TIMEOUT.toNanos();
            while (!factory.isListening()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name() + " did not start listening within " + LISTEN_TIMEOUT);
                }
                LockSupport.parkNanos(1_000_000);
            }
            return ((InetSocketAddress) factory.getServerSocketAddress()).getPort();
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    /** Turns on Spring Integration's infrastructure in the peer's context. */
    @Configuration(proxyBeanMethods = false)
    @EnableIntegration
    static class IntegrationConfiguration {
    }
}
