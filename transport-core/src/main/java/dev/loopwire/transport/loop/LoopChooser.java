package dev.loopwire.transport.loop;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the loop a new connection will live on. Called by the acceptor (or a connecting client) on
 * any thread; implementations are thread-safe.
 */
@FunctionalInterface
public interface LoopChooser {

    /** Chooses one of {@code loops} (never empty). */
    EventLoop choose(List<EventLoop> loops);

    /** Round-robin: every loop in turn. The default; cheapest and even for uniform connections. */
    static LoopChooser roundRobin() {
        AtomicInteger next = new AtomicInteger();
        return loops -> loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
    }

    /**
     * The loop with the fewest registered connections (ties go to the lower index). Evens out loops
     * when connection lifetimes vary a lot; costs a scan of the loops per connection.
     */
    static LoopChooser leastConnections() {
        return loops -> {
            EventLoop best = loops.get(0);
            int bestCount = best.stats().connections();
            for (int i = 1; i < loops.size(); i++) {
                int count = loops.get(i).stats().connections();
                if (count < bestCount) {
                    best = loops.get(i);
                    bestCount = count;
                }
            }
            return best;
        };
    }
}
