package dev.loopwire.benchmarks;

import dev.loopwire.transport.Dispatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Ordered catalog of peer factories by name. The first entry named {@link #BASELINE} is the
 * reference every other peer is compared against.
 *
 * <p>Adding a peer is one line in {@link #defaults()}:
 * <pre>{@code
 * catalog.register("loopwire-io", () -> new LoopwireEchoPeer("loopwire-io", Dispatch.IO));
 * }</pre>
 */
public final class EchoPeers {

    /** Name of the peer all ratios are computed against. */
    public static final String BASELINE = "netty-inloop";

    /** Factories by peer name, in registration (and therefore table and round) order. */
    private final Map<String, Supplier<EchoPeer>> factories = new LinkedHashMap<>();

    /** Known peers that cannot run here (e.g. c-epoll without gcc), with the reason for the user. */
    private final Map<String, String> unavailable = new LinkedHashMap<>();

    /**
     * The built-in peers: Netty in-loop, Netty with an executor group, Spring Integration, the core in io
     * (also with the buffer API, {@code loopwire-io-buffers}), pool and (on Java 21+) virtual dispatch, the
     * starter ({@code @MessageHandler}) in io and pool (and in io with the opt-in handler timer on,
     * {@code starter-io-timed}), and the raw C epoll echo {@value NativeEchoPeer#NAME}
     * when its binary was built (else it is {@link #unavailable()}).
     */
    public static EchoPeers defaults() {
        EchoPeers catalog = new EchoPeers();
        catalog.register(BASELINE, () -> new NettyEchoPeer(BASELINE, 0));
        catalog.register("netty-executor",
                () -> new NettyEchoPeer("netty-executor", NettyEchoPeer.defaultExecutorThreads()));
        catalog.register("spring-integration", SpringIntegrationEchoPeer::new);
        catalog.register("loopwire-io", () -> new LoopwireEchoPeer("loopwire-io", Dispatch.IO));
        catalog.register("loopwire-io-buffers", () -> new LoopwireBufferEchoPeer("loopwire-io-buffers"));
        catalog.register("loopwire-pool", () -> new LoopwireEchoPeer("loopwire-pool", Dispatch.POOL));
        if (LoopwireEchoPeer.supported(Dispatch.VIRTUAL)) {
            catalog.register("loopwire-virtual", () -> new LoopwireEchoPeer("loopwire-virtual", Dispatch.VIRTUAL));
        }
        catalog.register("starter-io", () -> new LoopwireStarterEchoPeer("starter-io", Dispatch.IO));
        catalog.register("starter-pool", () -> new LoopwireStarterEchoPeer("starter-pool", Dispatch.POOL));
        catalog.register("starter-io-timed", () -> new LoopwireStarterEchoPeer("starter-io-timed", Dispatch.IO,
                Map.of(LoopwireStarterEchoPeer.HANDLER_TIMER, "true")));
        if (NativeEchoPeer.binary().isPresent()) {
            catalog.register(NativeEchoPeer.NAME, NativeEchoPeer::new);
        } else {
            catalog.unavailable.put(NativeEchoPeer.NAME, NativeEchoPeer.missingReason());
        }
        return catalog;
    }

    /**
     * Adds (or replaces) a peer factory.
     *
     * @param name    the peer's name; must equal the created peer's {@link EchoPeer#name()}
     * @param factory creates a fresh, unstarted peer on each call
     * @return this catalog
     */
    public EchoPeers register(String name, Supplier<EchoPeer> factory) {
        factories.put(name, factory);
        return this;
    }

    /** Peer names in order. */
    public List<String> names() {
        return List.copyOf(factories.keySet());
    }

    /** Creates a fresh, unstarted peer. */
    public EchoPeer create(String name) {
        Supplier<EchoPeer> factory = factories.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown peer '" + name + "', known: " + names());
        }
        return factory.get();
    }

    /**
     * Known peers left out because they cannot run here, by name, with the reason and what to do about it.
     * The runner prints these instead of failing.
     */
    public Map<String, String> unavailable() {
        return java.util.Collections.unmodifiableMap(unavailable);
    }

    /**
     * A catalog with only the given names, in the given order ({@code null} or empty: all). A wanted name
     * that is {@link #unavailable()} here is left out and stays listed there.
     */
    public EchoPeers select(List<String> wanted) {
        if (wanted == null || wanted.isEmpty()) {
            return this;
        }
        EchoPeers selected = new EchoPeers();
        for (String name : wanted) {
            if (unavailable.containsKey(name)) {
                selected.unavailable.put(name, unavailable.get(name));
                continue;
            }
            Supplier<EchoPeer> factory = factories.get(name);
            if (factory == null) {
                throw new IllegalArgumentException("unknown peer '" + name + "', known: " + names());
            }
            selected.register(name, factory);
        }
        return selected;
    }
}
