package dev.loopwire.spring.client;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.health.MonitoredLoops;
import dev.loopwire.transport.loop.EventLoop;
import java.util.function.Supplier;

/**
 * Tells whether the current thread is a Loopwire event loop (a client loop or any loop of this
 * application's servers), where blocking would stall every connection of that loop. Safe from any
 * thread; a few reference comparisons per call.
 */
final class LoopThreads {

    private final ClientThreads clientThreads;
    private final Supplier<LoopwireServers> servers;

    LoopThreads(ClientThreads clientThreads, Supplier<LoopwireServers> servers) {
        this.clientThreads = clientThreads;
        this.servers = servers;
    }

    boolean current() {
        for (EventLoop loop : clientThreads.loops().loops()) {
            if (loop.inLoop()) {
                return true;
            }
        }
        LoopwireServers registry = servers.get();
        if (registry != null) {
            for (MonitoredLoops.MonitoredLoop monitored : MonitoredLoops.of(registry)) {
                if (monitored.loop().inLoop()) {
                    return true;
                }
            }
        }
        return false;
    }
}
