package dev.loopwire.spring.lifecycle;

import dev.loopwire.spring.LoopwireConfigurationException;
import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.transport.server.TcpServer;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the Loopwire servers when the context starts and shuts them down gracefully when it stops, in
 * the phase of Boot's web server graceful shutdown ({@value #PHASE}): stop accepting, answer the requests
 * already read and flush, then close, within the shutdown timeout
 * ({@code spring.lifecycle.timeout-per-shutdown-phase}). Called by Spring's lifecycle processor: start
 * and stop on the main (or shutdown hook) thread; the stop callback runs on the thread that ends the last
 * server.
 */
public class LoopwireServersLifecycle implements SmartLifecycle, ApplicationEventPublisherAware {

    /** The phase of Boot's {@code WebServerGracefulShutdownLifecycle}. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    private static final Logger log = LoggerFactory.getLogger(LoopwireServersLifecycle.class);

    private final Supplier<List<TcpServer>> serverFactory;
    private final LoopwireServers registry;
    private final Duration shutdownTimeout;
    private final List<TcpServer> started = new ArrayList<>();
    private ApplicationEventPublisher publisher;
    private volatile boolean running;

    /**
     * @param serverFactory   makes the (unstarted) servers when the context starts
     * @param registry        where started servers are registered
     * @param shutdownTimeout how long graceful shutdown may take before connections are closed
     */
    public LoopwireServersLifecycle(Supplier<List<TcpServer>> serverFactory, LoopwireServers registry,
            Duration shutdownTimeout) {
        this.serverFactory = serverFactory;
        this.registry = registry;
        this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        started.clear();
        try {
            for (TcpServer server : serverFactory.get()) {
                try {
                    server.start();
                } catch (UncheckedIOException e) {
                    throw new LoopwireConfigurationException("Loopwire server '" + server.name()
                            + "' could not listen: " + e.getMessage(), "set loopwire.servers." + server.name()
                            + ".port (and host) to an address that is free on this machine, or port 0 for any free port");
                }
                started.add(server);
                registry.register(server);
                if (publisher != null) {
                    publisher.publishEvent(new ServerListeningEvent(server));
                }
            }
        } catch (RuntimeException e) {
            log.debug("Stopping {} started Loopwire servers after a startup failure", started.size());
            shutdown().join();
            throw e;
        }
        running = true;
    }

    @Override
    public void stop() {
        shutdown().join();
    }

    @Override
    public void stop(Runnable callback) {
        shutdown().whenComplete((ignored, failure) -> {
            if (failure != null) {
                log.warn("Loopwire shutdown failed", failure);
            }
            callback.run();
        });
    }

    private synchronized CompletableFuture<Void> shutdown() {
        running = false;
        CompletableFuture<?>[] stopping = started.stream()
                .map(server -> server.shutdownGracefully(shutdownTimeout))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(stopping);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** How long graceful shutdown may take before the remaining connections are closed. */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** The servers this lifecycle started (a snapshot). */
    public synchronized List<TcpServer> servers() {
        return List.copyOf(started);
    }
}
