package dev.loopwire.benchmarks.lab;

import dev.loopwire.transport.Dispatch;

/**
 * The threading models the lab compares, each with the server that implements it. Loopwire's own modes
 * run the core {@link dev.loopwire.transport.server.TcpServer}; the others are lab-only servers of this
 * package, never product code.
 *
 * <p>Thread budget on every model: {@code loops} event loops (the processors), and {@code workers} threads
 * where a model has a handler pool (Loopwire pool, leader/follower, SEDA's handle stage).
 */
public enum LabModel {

    /** One loop does all I/O and runs every handler (Redis, libevent servers): {@code io-threads: 1}, io. */
    SINGLE_REACTOR("single-reactor", "Loopwire io, 1 loop"),
    /** N loops, each connection pinned to one, handlers on the loop (muduo, Netty): N loops, io. */
    MULTI_REACTOR("multi-reactor", "Loopwire io, N loops"),
    /** Loops do I/O, a bounded pool runs handlers (memcached workers, reactor + business pool): pool. */
    HALF_SYNC("half-sync-pool", "Loopwire pool"),
    /** Loops do I/O, handlers on virtual threads (Go, brpc bthreads): virtual, Java 21+. */
    VIRTUAL("virtual-m-n", "Loopwire virtual"),
    /**
     * Loopwire io with asynchronous replies: ECHO answered on the loop, CPU and WAIT on a pool of
     * {@code workers} threads through {@code Reply.later}, replies still in order. Requests of one
     * connection run in parallel (like SEDA's handle stage) with the core as it is.
     */
    IO_ASYNC_REPLY("io-async-reply", "Loopwire io + Reply.later on a pool"),
    /**
     * Placeholder: Loopwire with dispatch chosen per route (ECHO on the loop, CPU/WAIT on the pool). Skipped
     * until the core has per-route dispatch (issue 13 part 1); the integrator wires it in {@link #server}.
     */
    PER_ROUTE("per-route", "Loopwire per-route (io + pool)"),
    /** Lab only: blocking ServerSocket, one platform thread per connection (Apache, CGI). */
    THREAD_PER_CONNECTION("thread-per-conn", "lab: ServerSocket + threads"),
    /** Lab only: a pool takes turns on one Selector; the leader promotes a follower, then serves. */
    LEADER_FOLLOWER("leader-follower", "lab: NIO leader/follower"),
    /** Lab only: decode, handle, encode stages, each with its own bounded pool and queues. */
    SEDA("seda", "lab: decode/handle/encode stages");


    private final String id;
    private final String description;

    LabModel(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** Short name used in options, tables and charts. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The model named {@code id} (its {@link #id()} or enum name, any case). */
    public static LabModel of(String id) {
        return LabChoices.of(LabModel.class, LabModel::id, id, "model");
    }

    /** All ids, comma-separated. */
    public static String ids() {
        return LabChoices.ids(LabModel.class, LabModel::id);
    }

    /**
     * Why this model cannot run in a JVM of the given feature version, or {@code null} when it can.
     *
     * @param javaFeature {@code Runtime.version().feature()} of the JVM that would run the server
     */
    public String unavailableReason(int javaFeature) {
        if (this == VIRTUAL && javaFeature < 21) {
            return "virtual threads need Java 21+, the server JVM is " + javaFeature
                    + " (run the lab with --server-java pointing to a 21+ java)";
        }
        return null;
    }

    /**
     * A fresh, unstarted server of this model.
     *
     * @param loops   event loops of the Loopwire multi-loop modes (and SEDA's decode/encode threads)
     * @param workers handler threads of the pooled models
     */
    public LabServer server(int loops, int workers) {
        return switch (this) {
            case SINGLE_REACTOR -> new LoopwireLabServer(id, Dispatch.IO, 1, workers);
            case MULTI_REACTOR -> new LoopwireLabServer(id, Dispatch.IO, loops, workers);
            case HALF_SYNC -> new LoopwireLabServer(id, Dispatch.POOL, loops, workers);
            case VIRTUAL -> new LoopwireLabServer(id, Dispatch.VIRTUAL, loops, workers);
            case IO_ASYNC_REPLY -> new LoopwireLabServer(id, Dispatch.IO, loops, workers, true);
            case PER_ROUTE -> LoopwireLabServer.perRoute(id, loops, workers);
            case THREAD_PER_CONNECTION -> new ThreadPerConnectionServer();
            case LEADER_FOLLOWER -> new LeaderFollowerServer(workers);
            case SEDA -> new SedaServer(loops, workers, 1024);
        };
    }
}
