package dev.loopwire.spring.handler;

import dev.loopwire.spring.HandlerObservation;
import dev.loopwire.spring.LoopwireConfigurationException;
import dev.loopwire.spring.observation.LoopwireHandlerObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.validation.Validator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the {@link RoutingFrameHandler} of a server from its {@link MessageHandlerEndpoint}s, checking
 * that routes are unique, well-formed, and usable with the server's framing. Called on the main thread
 * when the servers start.
 */
public class RoutingFrameHandlerFactory {

    private final JsonMapper jsonMapper;
    private final HandlerObservation observation;
    private final BeanFactory beanFactory;
    private final Validator validator;
    private final HandlerObserver observer;

    /**
     * @param jsonMapper  Jackson mapper for JSON servers
     * @param observation asked once per (server, route) for a recorder
     * @param beanFactory for {@code @Header} expressions; may be null
     */
    public RoutingFrameHandlerFactory(JsonMapper jsonMapper, HandlerObservation observation, BeanFactory beanFactory) {
        this(jsonMapper, observation, beanFactory, null, null, null);
    }

    /**
     * @param jsonMapper         Jackson mapper for JSON servers
     * @param observation        asked once per (server, route) for a recorder
     * @param beanFactory        for {@code @Header} expressions; may be null
     * @param validator          validates {@code @Valid}/{@code @Validated} payloads; null: none are validated
     * @param observations       observes each invocation as {@code loopwire.handler}; null or
     *                           {@link ObservationRegistry#NOOP}: nothing is observed
     * @param convention         names and tags the observations; null for the default
     */
    public RoutingFrameHandlerFactory(JsonMapper jsonMapper, HandlerObservation observation, BeanFactory beanFactory,
            Validator validator, ObservationRegistry observations, LoopwireHandlerObservationConvention convention) {
        this.jsonMapper = jsonMapper;
        this.observation = observation;
        this.beanFactory = beanFactory;
        this.validator = validator;
        this.observer = HandlerObserver.of(observations, convention);
    }

    /**
     * The handler of one server.
     *
     * @param endpoints the server's endpoints, at least one
     * @throws LoopwireConfigurationException naming the method at fault
     */
    public RoutingFrameHandler create(ServerHandlerSettings settings, List<MessageHandlerEndpoint> endpoints) {
        String server = settings.server();
        CompositeMessageConverter converter = HandlerMethodFactories.converter(settings.payload(), settings.charset(),
                jsonMapper);
        DefaultMessageHandlerMethodFactory methods = HandlerMethodFactories.create(converter, beanFactory, validator);
        List<MessageHandlerArgumentResolver> customResolvers = HandlerMethodFactories.customResolvers(beanFactory);
        ReplyEncoder encoder = new ReplyEncoder(settings.payload(), settings.charset(), jsonMapper);
        Map<Object, ExceptionHandlerInvoker> exceptionHandlers = new IdentityHashMap<>();
        Map<String, HandlerInvoker> routes = new LinkedHashMap<>();
        Map<String, MessageHandlerEndpoint> routeOwners = new LinkedHashMap<>();
        HandlerInvoker fallback = null;
        MessageHandlerEndpoint fallbackOwner = null;
        for (MessageHandlerEndpoint endpoint : endpoints) {
            String route = endpoint.isFallback() ? MessageHandlerEndpoint.DEFAULT_ROUTE
                    : normalize(settings, endpoint);
            ExceptionHandlerInvoker onFailure = exceptionHandlers.computeIfAbsent(endpoint.bean(),
                    bean -> ExceptionHandlerInvoker.forBean(bean, methods));
            InvocableHandlerMethod invocable = methods.createInvocableHandlerMethod(endpoint.bean(), endpoint.method());
            CompiledHandlerMethod compiled = HandlerMethodFactories.needsCustomResolver(invocable, customResolvers)
                    ? null
                    : CompiledHandlerMethod.compile(invocable, server, route, converter, settings.charset(),
                            validator != null);
            HandlerObservation.Recorder recorder = observation == HandlerObservation.NONE ? null
                    : observation.recorderFor(server, route);
            HandlerInvoker invoker = new HandlerInvoker(server, route, invocable, compiled,
                    onFailure, encoder, recorder == HandlerObservation.Recorder.NONE ? null : recorder,
                    settings.errors(), observer);
            if (endpoint.isFallback()) {
                if (fallbackOwner != null) {
                    throw new LoopwireConfigurationException("Server '" + server + "' has two fallback handlers: "
                            + fallbackOwner.describe() + " and " + endpoint.describe(),
                            "give one of them a route, or remove one");
                }
                fallback = invoker;
                fallbackOwner = endpoint;
            } else {
                MessageHandlerEndpoint previous = routeOwners.putIfAbsent(route, endpoint);
                if (previous != null) {
                    throw new LoopwireConfigurationException("Route '" + route + "' of server '" + server
                            + "' is handled twice: by " + previous.describe() + " and " + endpoint.describe(),
                            "give each @MessageHandler of a server its own route");
                }
                routes.put(route, invoker);
            }
        }
        return new RoutingFrameHandler(server, settings.routeKeys(), routes, fallback, settings.errors(),
                observation.recorderFor(server, HandlerObservation.NO_ROUTE));
    }

    private static String normalize(ServerHandlerSettings settings, MessageHandlerEndpoint endpoint) {
        if (settings.routeKeys() == null) {
            throw new LoopwireConfigurationException(endpoint.describe() + " has route '" + endpoint.route()
                    + "', but frames of server '" + settings.server() + "' carry no route key",
                    settings.noRouteHint());
        }
        try {
            return settings.routeKeys().normalize(endpoint.route());
        } catch (IllegalArgumentException e) {
            throw new LoopwireConfigurationException(endpoint.describe() + " has an invalid route '"
                    + endpoint.route() + "' for server '" + settings.server() + "': " + e.getMessage(),
                    "fix the route in @MessageHandler");
        }
    }
}
