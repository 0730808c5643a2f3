package dev.loopwire.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Configuration of Loopwire TCP servers ({@code loopwire.*}). Bound once while the context starts; read
 * by the auto-configuration on the main thread only.
 *
 * <pre>
 * loopwire:
 *   io-threads: 0
 *   business: { threads: 16, max-pending-frames: 10000 }
 *   server-defaults: { dispatch: io }    # every server inherits what it does not set
 *   servers:
 *     lines: { port: 7000, framing: line, dispatch: pool }
 * </pre>
 *
 * <p>Once bound from the environment, each server holds {@code loopwire.server-defaults.*} overlaid with
 * its own {@code loopwire.servers.<name>.*} (see {@link ServerDefaults}); a server's unset property
 * takes the server-defaults' value, and only then the built-in default.
 */
@ConfigurationProperties(prefix = "loopwire")
public class LoopwireProperties implements EnvironmentAware, InitializingBean {

    /** Whether to start the configured Loopwire servers. */
    private boolean enabled = true;

    /** Number of I/O event loops shared by all servers; 0 means one per available processor. */
    private int ioThreads = 0;

    /** The business thread pool shared by servers with dispatch 'pool'. */
    private final Business business = new Business();

    /** Micrometer observations of handler invocations. */
    private final Observations observations = new Observations();

    /** Optional Micrometer meters. */
    private final Metrics metrics = new Metrics();

    /**
     * Settings every server inherits: a property set here applies to each server under
     * loopwire.servers that does not set it itself.
     */
    @NestedConfigurationProperty
    private final LoopwireServerProperties serverDefaults = new LoopwireServerProperties();

    /**
     * The servers, by name. Each key becomes a server; every setting listed under
     * loopwire.server-defaults, with its default and description, may also be set per server.
     */
    private Map<String, LoopwireServerProperties> servers = new LinkedHashMap<>();

    /** where this was bound from; null when built by hand */
    private Environment environment;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getIoThreads() {
        return ioThreads;
    }

    public void setIoThreads(int ioThreads) {
        this.ioThreads = ioThreads;
    }

    public Business getBusiness() {
        return business;
    }

    public Observations getObservations() {
        return observations;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public LoopwireServerProperties getServerDefaults() {
        return serverDefaults;
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    /** After binding: each server becomes server-defaults overlaid with its own properties. */
    @Override
    public void afterPropertiesSet() {
        if (environment != null) {
            servers = ServerDefaults.resolve(Binder.get(environment), servers.keySet());
        }
    }

    public Map<String, LoopwireServerProperties> getServers() {
        return servers;
    }

    public void setServers(Map<String, LoopwireServerProperties> servers) {
        this.servers = servers;
    }

    /**
     * Micrometer observations of handler invocations ({@code loopwire.observations.*}).
     */
    public static class Observations {

        /**
         * Whether each @MessageHandler invocation is a Micrometer Observation named 'loopwire.handler'
         * (a span per frame with Micrometer Tracing, and the MDC entry 'loopwire.connection'). Off by
         * default, as for Spring Kafka and Spring AMQP listeners: with actuator's registry an observation
         * costs several microseconds per frame. The 'loopwire.handler.duration' timer has its own switch,
         * loopwire.metrics.handler-duration.enabled.
         */
        private boolean enabled = false;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Optional Micrometer meters ({@code loopwire.metrics.*}). */
    public static class Metrics {

        /** The per-frame handler timer. */
        private final HandlerDuration handlerDuration = new HandlerDuration();

        public HandlerDuration getHandlerDuration() {
            return handlerDuration;
        }
    }

    /** The 'loopwire.handler.duration' timer ({@code loopwire.metrics.handler-duration.*}). */
    public static class HandlerDuration {

        /**
         * Whether each @MessageHandler invocation is timed as 'loopwire.handler.duration' (per server, route and
         * outcome). Off by default, like Reactor Netty's per-connection metrics: two clock reads and a Timer
         * record per frame cost about 0.15-0.2 us of server CPU on a 2-core VM (out-of-process
         * benchmark, peer starter-io-timed against starter-io), a fifth of a small frame's whole cost. Frames,
         * bytes, handler errors, rejected frames and invalid payloads are counted either way.
         */
        private boolean enabled = false;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The half-sync business pool ({@code loopwire.business.*}). */
    public static class Business {

        /**
         * Threads of the business pool that runs handlers of servers with dispatch 'pool'. Ignored when
         * spring.threads.virtual.enabled=true on Java 21+, where business work runs on virtual threads.
         */
        private int threads = 16;

        /**
         * Frames read but not yet handled, per server, above which the I/O loops stop reading from that
         * server's connections (backpressure); reading resumes below half of it.
         */
        private int maxPendingFrames = 10_000;

        public int getThreads() {
            return threads;
        }

        public void setThreads(int threads) {
            this.threads = threads;
        }

        public int getMaxPendingFrames() {
            return maxPendingFrames;
        }

        public void setMaxPendingFrames(int maxPendingFrames) {
            this.maxPendingFrames = maxPendingFrames;
        }

        /**
         * Former name of max-pending-frames: pending frames before reads pause.
         *
         * @return the pending-frame limit
         */
        @Deprecated
        @DeprecatedConfigurationProperty(replacement = "loopwire.business.max-pending-frames",
                reason = "It limits pending frames per server, not a queue.")
        public int getQueueCapacity() {
            return maxPendingFrames;
        }

        /** Sets max-pending-frames under its former name. */
        @Deprecated
        public void setQueueCapacity(int queueCapacity) {
            this.maxPendingFrames = queueCapacity;
        }
    }
}
