package dev.loopwire.spring.handler;

import dev.loopwire.spring.HandlerObservation;
import dev.loopwire.spring.LoopwireConfigurationException;
import dev.loopwire.spring.observation.LoopwireHandlerObservationConvention;
import dev.loopwire.transport.Dispatch;
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
        return create(settings, endpoints, Map.of());
    }

    /**
     * The handler of one server, with per-route dispatch: each route runs where its
     * {@code @MessageHandler(dispatch = ...)} says, unless {@code routeDispatch} names it (the property wins).
     *
     * @param routeDispatch {@code loopwire.servers.<name>.routes.<route>.dispatch}, by route as written; a
     *                      null value leaves the route as annotated
     * @throws LoopwireConfigurationException naming the method or the property at fault: a property for a
     *         route the server does not have, or {@code virtual} on a JVM older than 21
     */
    public RoutingFrameHandler create(ServerHandlerSettings settings, List<MessageHandlerEndpoint> endpoints,
            Map<String, Dispatch> routeDispatch) {
        String server = settings.server();
        CompositeMessageConverter converter = HandlerMethodFactories.converter(settings.payload(), settings.charset(),
                jsonMapper);
        DefaultMessageHandlerMethodFactory methods = HandlerMethodFactories.create(converter, beanFactory, validator);
        List<MessageHandlerArgumentResolver> customResolvers = HandlerMethodFactories.customResolvers(beanFactory);
        ReplyEncoder encoder = new ReplyEncoder(settings.payload(), settings.charset(), jsonMapper);
        Map<Object, ExceptionHandlerInvoker> exceptionHandlers = new IdentityHashMap<>();
        Map<String, HandlerInvoker> routes = new LinkedHashMap<>();
        Map<String, MessageHandlerEndpoint> routeOwners = new LinkedHashMap<>();
        Map<String, Dispatch> dispatches = new LinkedHashMap<>();
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
            if (endpoint.dispatch().dispatch() != null) {
                checkVirtual(endpoint.dispatch().dispatch(), endpoint.describe() + " has dispatch 'virtual'");
                dispatches.put(route, endpoint.dispatch().dispatch());
            }
        }
        RouteDispatchProperties.apply(settings, routeDispatch, routes.keySet(), dispatches);
        Dispatch fallbackDispatch = dispatches.remove(MessageHandlerEndpoint.DEFAULT_ROUTE); // set by its annotation
        return new RoutingFrameHandler(server, settings.routeKeys(), routes, fallback, settings.errors(),
                observation.recorderFor(server, HandlerObservation.NO_ROUTE), dispatches, fallbackDispatch);
    }

    /** Virtual threads need Java 21; says so at startup rather than when the server starts. */
    static void checkVirtual(Dispatch dispatch, String who) {
        if (dispatch == Dispatch.VIRTUAL && Runtime.version().feature() < 21) {
            throw new LoopwireConfigurationException(who + ", which needs Java 21 or later, but this JVM is Java "
                    + Runtime.version().feature(), "use dispatch 'pool' or run on Java 21+");
        }
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
