package dev.loopwire.spring.autoconfigure;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Inheritance from {@code loopwire.server-defaults.*}: a server's settings are the server-defaults'
 * settings overlaid with the server's own, so a property the server does not set takes the
 * server-defaults' value (and only then the built-in default). Works on bound names, not on values, so a
 * server that sets a property to its built-in default still overrides server-defaults. Stateless; main
 * thread, while the context starts.
 */
final class ServerDefaults {

    static final String DEFAULTS = "loopwire.server-defaults";
    static final String SERVERS = "loopwire.servers";

    private ServerDefaults() {
    }

    /**
     * Each named server, bound twice onto one fresh instance: first from {@code loopwire.server-defaults},
     * then from {@code loopwire.servers.<name>}.
     *
     * @param binder the environment's binder
     * @param names  the servers, in configuration order
     * @return the resolved servers, in the same order
     */
    static Map<String, LoopwireServerProperties> resolve(Binder binder, Collection<String> names) {
        Map<String, LoopwireServerProperties> resolved = new LinkedHashMap<>();
        for (String name : names) {
            LoopwireServerProperties server = new LoopwireServerProperties();
            binder.bind(DEFAULTS, Bindable.ofInstance(server));
            binder.bind(serverName(name), Bindable.ofInstance(server));
            resolved.put(name, server);
        }
        return resolved;
    }

    /**
     * {@code loopwire.servers.<name>} for a map key as the binder produced it: adapted as written (so
     * {@code order-book} and {@code x_1} match their properties), in brackets when the key holds a dot.
     */
    static ConfigurationPropertyName serverName(String name) {
        return name.indexOf('.') >= 0 ? ConfigurationPropertyName.of(SERVERS).append("[" + name + "]")
                : ConfigurationPropertyName.adapt(SERVERS + "." + name, '.');
    }
}
