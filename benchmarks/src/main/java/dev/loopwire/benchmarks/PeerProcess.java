package dev.loopwire.benchmarks;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Main class of one peer's own JVM in the out-of-process comparison: starts the named peer (from
 * {@link EchoPeers#defaults()}) with one framing on 127.0.0.1, port 0, prints {@value #READY} and the port
 * on a line of its own, then serves until the JVM is told to stop (SIGTERM from the runner, by PID), when a
 * shutdown hook closes the peer.
 *
 * <pre>
 * java [flags] -cp benchmarks.jar dev.loopwire.benchmarks.PeerProcess PEER line|length-field MAX_FRAME_LENGTH
 * </pre>
 */
public final class PeerProcess {

    /** Start of the line that announces the bound port. */
    public static final String READY = "LOOPWIRE-PEER-PORT ";

    private PeerProcess() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: PeerProcess PEER line|length-field MAX_FRAME_LENGTH");
            System.exit(2);
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        BenchFraming framing = framing(args[1]);
        EchoPeer peer = EchoPeers.defaults().create(args[0]);
        CountDownLatch closed = new CountDownLatch(1);
        long[] startAllocated = {0};
        long[] startFrames = {0};
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (Boolean.getBoolean(REPORT_ALLOCATION)) {
                    System.out.println(allocationReport(peer, startAllocated[0], startFrames[0]));
                    System.out.flush();
                }
                peer.close();
            } finally {
                closed.countDown();
            }
        }, "peer-shutdown"));
        int port = peer.start(framing, Integer.parseInt(args[2]));
        startAllocated[0] = allocatedByLiveThreads();
        startFrames[0] = Math.max(0, peer.framesHandled());
        if (peer instanceof LoopwireStarterEchoPeer starter) {
            System.out.println("meter registries: " + starter.registries() + "; handler timer "
                    + (starter.handlerTimed() ? "on" : "off"));
        }
        System.out.println(READY + port);
        System.out.flush();
        closed.await();
    }

    /**
     * With {@code -Dloopwire.peer.reportAllocation=true} the peer prints, when told to stop, the heap bytes its
     * live threads allocated since it started listening and the frames it handled meanwhile (with
     * {@code --verbose} the runner shows the line): the loops live as long as the peer, so the quotient is the
     * heap allocated per frame under load (warm-up included, start-up excluded).
     */
    static final String REPORT_ALLOCATION = "loopwire.peer.reportAllocation";

    private static String allocationReport(EchoPeer peer, long startAllocated, long startFrames) {
        long total = allocatedByLiveThreads();
        long allocated = total < 0 ? -1 : total - startAllocated;
        long frames = peer.framesHandled() < 0 ? -1 : peer.framesHandled() - startFrames;
        return "allocation: " + allocated + " bytes by live threads since listening, " + frames + " frames"
                + (frames > 0 && allocated >= 0 ? ", " + allocated / frames + " bytes per frame" : "");
    }

    /** Heap bytes allocated by the live threads so far, or -1 when the JVM does not count them. */
    private static long allocatedByLiveThreads() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!(threads instanceof com.sun.management.ThreadMXBean counting)) {
            return -1;
        }
        long allocated = 0;
        for (long bytes : counting.getThreadAllocatedBytes(counting.getAllThreadIds())) {
            allocated += Math.max(0, bytes);
        }
        return allocated;
    }

    /** The framing named {@code line} or {@code length-field}. */
    static BenchFraming framing(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "line" -> BenchFraming.LINE;
            case "length-field" -> BenchFraming.LENGTH_FIELD;
            default -> throw new IllegalArgumentException("framing must be line or length-field, was " + name);
        };
    }

    /** The argument naming {@code framing}. */
    static String argument(BenchFraming framing) {
        return framing == BenchFraming.LINE ? "line" : "length-field";
    }
}
