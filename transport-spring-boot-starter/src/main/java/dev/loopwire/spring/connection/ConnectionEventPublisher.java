package dev.loopwire.spring.connection;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.Connection;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.util.Collection;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.AbstractApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.util.ReflectionUtils;

/**
 * Publishes {@link LoopwireConnectionOpenedEvent} and {@link LoopwireConnectionClosedEvent} through the
 * application context, but only while some listener takes them: an {@code ApplicationListener} bean or an
 * {@code @EventListener} method for the event type (or a supertype), in this context or a parent. Without
 * one, no event object is made at all.
 *
 * <p>The check asks each context's {@link AbstractApplicationEventMulticaster} which listeners support the
 * event type, the way it would when multicasting (Spring caches that answer per event and source type).
 * With another multicaster the events are always published. Safe from any thread.
 */
public class ConnectionEventPublisher {

    private static final Method LISTENERS_FOR = findListenersMethod();

    private final ApplicationContext context;
    private final LoopwireConnectionOpenedEvent openedProbe;
    private final LoopwireConnectionClosedEvent closedProbe;

    public ConnectionEventPublisher(ApplicationContext context) {
        this.context = context;
        InetSocketAddress none = InetSocketAddress.createUnresolved("probe", 0);
        this.openedProbe = new LoopwireConnectionOpenedEvent(this, "probe", 0, none);
        this.closedProbe = new LoopwireConnectionClosedEvent(this, "probe", 0, none, CloseReason.PEER);
    }

    /** True while a listener takes opened events. */
    public boolean listensToOpened() {
        return hasListener(openedProbe);
    }

    /** True while a listener takes closed events. */
    public boolean listensToClosed() {
        return hasListener(closedProbe);
    }

    /** Publishes an opened event if anybody listens. */
    public void opened(String server, Connection connection) {
        if (listensToOpened()) {
            context.publishEvent(new LoopwireConnectionOpenedEvent(this, server, connection.id(),
                    connection.remoteAddress()));
        }
    }

    /** Publishes a closed event if anybody listens. */
    public void closed(String server, Connection connection, CloseReason reason) {
        if (listensToClosed()) {
            context.publishEvent(new LoopwireConnectionClosedEvent(this, server, connection.id(),
                    connection.remoteAddress(), reason));
        }
    }

    private boolean hasListener(ApplicationEvent probe) {
        for (ApplicationContext current = context; current != null; current = current.getParent()) {
            Object multicaster = multicaster(current);
            if (!(multicaster instanceof AbstractApplicationEventMulticaster) || LISTENERS_FOR == null) {
                return true; // cannot tell: publish
            }
            Collection<?> listeners = (Collection<?>) ReflectionUtils.invokeMethod(LISTENERS_FOR, multicaster, probe,
                    ResolvableType.forInstance(probe));
            if (listeners != null && !listeners.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static Object multicaster(ApplicationContext context) {
        if (context instanceof ConfigurableApplicationContext configurable) {
            var beanFactory = configurable.getBeanFactory();
            String name = AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME;
            return beanFactory.containsSingleton(name) ? beanFactory.getSingleton(name) : null;
        }
        return null;
    }

    private static Method findListenersMethod() {
        Method method = ReflectionUtils.findMethod(AbstractApplicationEventMulticaster.class, "getApplicationListeners",
                ApplicationEvent.class, ResolvableType.class);
        if (method != null) {
            ReflectionUtils.makeAccessible(method);
        }
        return method;
    }
}
