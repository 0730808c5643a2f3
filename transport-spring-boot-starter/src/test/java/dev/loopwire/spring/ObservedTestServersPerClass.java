package dev.loopwire.spring;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@link ObservedTestServers} for a whole test class: started before its first test, closed after its
 * last. Register it as {@code @RegisterExtension static final ObservedTestServersPerClass servers = ...}.
 */
public final class ObservedTestServersPerClass implements BeforeAllCallback, AfterAllCallback {

    private ObservedTestServers servers;

    @Override
    public void beforeAll(ExtensionContext context) {
        servers = ObservedTestServers.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        servers.close();
    }

    /** The registry of the running test servers. */
    public LoopwireServers servers() {
        return servers.servers();
    }
}
