package dev.loopwire.spring.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@code @OnConnect} and {@code @OnDisconnect} methods found in the application's beans. Filled by
 * {@link ConnectionLifecycleBeanPostProcessor} while the context starts, read when the servers are built.
 * Safe from any thread.
 */
public class ConnectionLifecycleRegistry {

    private final List<LifecycleMethod> onConnect = new CopyOnWriteArrayList<>();
    private final List<LifecycleMethod> onDisconnect = new CopyOnWriteArrayList<>();

    void addOnConnect(LifecycleMethod method) {
        onConnect.add(method);
    }

    void addOnDisconnect(LifecycleMethod method) {
        onDisconnect.add(method);
    }

    /**
     * The open methods of {@code server}; {@code onlyServer} says whether it is the only configured one (then
     * methods naming no server belong to it).
     */
    public List<LifecycleMethod> onConnect(String server, boolean onlyServer) {
        return select(onConnect, server, onlyServer);
    }

    /** The close methods of {@code server}; see {@link #onConnect}. */
    public List<LifecycleMethod> onDisconnect(String server, boolean onlyServer) {
        return select(onDisconnect, server, onlyServer);
    }

    /** Every method, for validation. */
    public List<LifecycleMethod> all() {
        List<LifecycleMethod> all = new ArrayList<>(onConnect);
        all.addAll(onDisconnect);
        return all;
    }

    private static List<LifecycleMethod> select(List<LifecycleMethod> methods, String server, boolean onlyServer) {
        List<LifecycleMethod> selected = new ArrayList<>();
        for (LifecycleMethod method : methods) {
            if (method.server().equals(server) || (onlyServer && method.server().isEmpty())) {
                selected.add(method);
            }
        }
        return selected;
    }
}
