package dev.loopwire.spring.lifecycle;

import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Publishes each listening server's port as {@code local.loopwire.<name>.port} in the environment (a
 * property source named {@value #PROPERTY_SOURCE_NAME}), like Boot's {@code local.server.port}. Called
 * on the thread that publishes {@link ServerListeningEvent}.
 */
public class LocalPortPropertyListener implements ApplicationListener<ServerListeningEvent> {

    /** The name of the property source holding the ports. */
    public static final String PROPERTY_SOURCE_NAME = "loopwire.ports";

    private final Environment environment;

    public LocalPortPropertyListener(Environment environment) {
        this.environment = environment;
    }

    /** The property holding the port of {@code serverName}. */
    public static String propertyName(String serverName) {
        return "local.loopwire." + serverName + ".port";
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onApplicationEvent(ServerListeningEvent event) {
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return;
        }
        MutablePropertySources sources = configurable.getPropertySources();
        PropertySource<?> source = sources.get(PROPERTY_SOURCE_NAME);
        if (source == null) {
            source = new MapPropertySource(PROPERTY_SOURCE_NAME, new HashMap<>());
            sources.addFirst(source);
        }
        ((Map<String, Object>) source.getSource()).put(propertyName(event.getServerName()), event.getPort());
    }
}
