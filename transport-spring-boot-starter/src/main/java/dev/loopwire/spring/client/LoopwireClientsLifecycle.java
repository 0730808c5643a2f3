package dev.loopwire.spring.client;

import dev.loopwire.spring.lifecycle.LoopwireServersLifecycle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.loopwire.spring.lifecycle.ServerListeningEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Opens the clients' connections when the context starts, and stops the clients when it stops: new
 * requests fail, requests in flight get up to the shutdown timeout
 * ({@code spring.lifecycle.timeout-per-shutdown-phase}) to complete, then connections close and what is
 * left fails. Runs one phase below the servers, so clients start before them and stop after them: a
 * handler still answering during the servers' graceful shutdown can still call a client. A client of a
 * server of this application ({@code server: <name>}) connects when that server listens
 * ({@link ServerListeningEvent}), or at its first request. Called by Spring's lifecycle processor and
 * event multicaster on the thread that starts or stops the context.
 */
public class LoopwireClientsLifecycle implements SmartLifecycle, ApplicationListener<ServerListeningEvent> {

    /** One below {@link LoopwireServersLifecycle#PHASE}. */
    public static final int PHASE = LoopwireServersLifecycle.PHASE - 1;

    private static final Logger log = LoggerFactory.getLogger(LoopwireClientsLifecycle.class);

    private final LoopwireClients clients;
    private final Duration shutdownTimeout;
    private volatile boolean running;

    public LoopwireClientsLifecycle(LoopwireClients clients, Duration shutdownTimeout) {
        this.clients = clients;
        this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    public void start() {
        for (LoopwireClient client : clients.clients()) {
            if (client.localServer() == null) {
                client.start();
            }
        }
        running = true;
    }

    @Override
    public void onApplicationEvent(ServerListeningEvent event) {
        for (LoopwireClient client : clients.clients()) {
            if (event.getServerName().equals(client.localServer())) {
                client.start();
            }
        }
    }

    @Override
    public void stop() {
        shutdown().join();
    }

    @Override
    public void stop(Runnable callback) {
        shutdown().whenComplete((ignored, failure) -> {
            if (failure != null) {
                log.warn("Loopwire clients' shutdown failed", failure);
            }
            callback.run();
        });
    }

    private CompletableFuture<Void> shutdown() {
        running = false;
        return CompletableFuture.allOf(clients.clients().stream()
                .map(client -> client.stop(shutdownTimeout))
                .toArray(CompletableFuture[]::new));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
