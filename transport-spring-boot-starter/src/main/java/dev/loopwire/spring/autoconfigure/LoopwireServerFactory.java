package dev.loopwire.spring.autoconfigure;

import dev.loopwire.spring.LoopwireConfigurationException;
import dev.loopwire.spring.handler.ErrorReplies;
import dev.loopwire.spring.handler.FrameHandlerRegistration;
import dev.loopwire.spring.handler.MessageHandlerEndpoint;
import dev.loopwire.spring.handler.MessageHandlerRegistrar;
import dev.loopwire.spring.handler.RoutingFrameHandlerFactory;
import dev.loopwire.spring.handler.ServerHandlerSettings;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.FrameHandler;
import dev.loopwire.transport.RouteDispatch;
import dev.loopwire.transport.loop.EventLoopGroup;
import dev.loopwire.transport.proxy.ProxyProtocolConfig;
import dev.loopwire.transport.proxy.ProxyProtocolMode;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.springframework.boot.ssl.SslBundles;

/**
 * Builds one (not yet started) {@link TcpServer} per {@code loopwire.servers} entry, each with its
 * handler: a {@link FrameHandlerRegistration} bean or the {@code @MessageHandler} methods naming it.
 * Validates the properties when created, and the handler-to-server mapping in {@link #createServers()}.
 * Main thread only.
 */
public class LoopwireServerFactory {

    private final LoopwireProperties properties;
    private final EventLoopGroup ioLoops;
    private final Executor businessExecutor;
    private final MessageHandlerRegistrar registry;
    private final RoutingFrameHandlerFactory handlerFactory;
    private final List<FrameHandlerRegistration> registrations;
    private final List<LoopwireServerCustomizer> customizers;
    private final SslBundles sslBundles;

    /**
     * @throws LoopwireConfigurationException when the properties are invalid
     */
    public LoopwireServerFactory(LoopwireProperties properties, EventLoopGroup ioLoops, Executor businessExecutor,
            MessageHandlerRegistrar registry, RoutingFrameHandlerFactory handlerFactory,
            List<FrameHandlerRegistration> registrations, List<LoopwireServerCustomizer> customizers) {
        this(properties, ioLoops, businessExecutor, registry, handlerFactory, registrations, customizers, null);
    }

    /**
     * @param sslBundles Spring Boot's SSL bundles, for servers with {@code ssl.bundle}; may be null
     * @throws LoopwireConfigurationException when the properties are invalid
     */
    public LoopwireServerFactory(LoopwireProperties properties, EventLoopGroup ioLoops, Executor businessExecutor,
            MessageHandlerRegistrar registry, RoutingFrameHandlerFactory handlerFactory,
            List<FrameHandlerRegistration> registrations, List<LoopwireServerCustomizer> customizers,
            SslBundles sslBundles) {
        LoopwirePropertiesValidator.forThisJvm().validate(properties);
        this.sslBundles = sslBundles;
        this.properties = properties;
        this.ioLoops = ioLoops;
        this.businessExecutor = businessExecutor;
        this.registry = registry;
        this.handlerFactory = handlerFactory;
        this.registrations = List.copyOf(registrations);
        this.customizers = List.copyOf(customizers);
    }

    /**
     * The servers, in configuration order.
     *
     * @throws LoopwireConfigurationException when a handler names a server that is not configured, a
     *         server has no handler, or a server's handlers conflict
     */
    public List<TcpServer> createServers() {
        Map<String, LoopwireServerProperties> servers = properties.getServers();
        Map<String, List<MessageHandlerEndpoint>> endpoints = endpointsByServer(servers);
        Map<String, FrameHandlerRegistration> direct = registrationsByServer(servers);
        List<TcpServer> created = new ArrayList<>(servers.size());
        servers.forEach((name, server) -> {
            List<MessageHandlerEndpoint> methods = endpoints.getOrDefault(name, List.of());
            FrameHandlerRegistration registration = direct.get(name);
            ErrorReplies errors = new ErrorReplies(server.getOnError(), server.getErrorReply(), server.getPayload(),
                    charset(server));
            Map<String, Dispatch> routeDispatch = routeDispatch(server);
            FrameHandler handler;
            if (registration != null) {
                if (!server.getRoutes().isEmpty()) {
                    throw new LoopwireConfigurationException("loopwire.servers." + name + ".routes is set, but server '"
                            + name + "' is handled by a FrameHandlerRegistration bean, which has no routes",
                            "remove loopwire.servers." + name + ".routes, or handle the server with @MessageHandler"
                                    + " methods");
                }
                if (!methods.isEmpty()) {
                    throw new LoopwireConfigurationException("Server '" + name + "' has both a FrameHandlerRegistration"
                            + " bean and @MessageHandler methods (" + methods.get(0).describe() + ")",
                            "use one or the other for a server");
                }
                handler = registration.handler();
            } else if (!methods.isEmpty()) {
                handler = handlerFactory.create(new ServerHandlerSettings(name, server.getPayload(), charset(server),
                        ServerFramings.routeKeys(server), ServerFramings.noRouteHint(name), errors), methods,
                        routeDispatch);
            } else {
                throw new LoopwireConfigurationException("loopwire.servers." + name + " has no handler",
                        "add a @MessageHandler(server = \"" + name + "\") method or a FrameHandlerRegistration bean,"
                                + " or remove loopwire.servers." + name);
            }
            created.add(new TcpServer(config(name, server, handler, errors)));
        });
        return created;
    }

    private TcpServerConfig config(String name, LoopwireServerProperties server, FrameHandler handler, ErrorReplies errors) {
        TcpServerConfig.Builder builder = TcpServerConfig.builder(handler)
                .name(name)
                .host(server.getHost())
                .port(server.getPort())
                .framing(ServerFramings.framing(server))
                .dispatch(server.getDispatch())
                .failurePolicy(errors)
                .maxConnections(server.getMaxConnections())
                .maxPendingFrames(properties.getBusiness().getMaxPendingFrames())
                .maxPendingReplies(server.getMaxPendingReplies())
                .writeWatermarks((int) server.getWriteBuffer().getLow().toBytes(),
                        (int) server.getWriteBuffer().getHigh().toBytes())
                .idleTimeout(server.getIdleTimeout())
                .lingerTimeout(server.getLingerTimeout())
                .directWrite(server.isDirectWrite())
                .failureLogInterval(server.getFailureLogInterval())
                .eventLoopGroup(ioLoops)
                // virtual dispatch gets a virtual-thread executor of its own from the server; an io server
                // runs its pool routes (if any) on the shared pool
                .businessExecutor(server.getDispatch() == Dispatch.POOL || usesPoolRoutes(server, handler)
                        ? businessExecutor : null);
        if (server.getSsl().isEnabled()) {
            builder.tls(ServerTls.create(name, server.getSsl(), sslBundles));
        }
        if (server.getProxyProtocol() != ProxyProtocolMode.OFF) {
            builder.proxyProtocol(ProxyProtocolConfig.of(server.getProxyProtocol(), server.getTrustedProxies(),
                    server.getProxyHeaderTimeout()));
        }
        customizers.forEach(customizer -> customizer.customize(name, builder));
        return builder.build();
    }

    /** The server's routes.*.dispatch properties, by route as written (unset ones left out). */
    private static Map<String, Dispatch> routeDispatch(LoopwireServerProperties server) {
        Map<String, Dispatch> byRoute = new LinkedHashMap<>();
        server.getRoutes().forEach((route, settings) -> byRoute.put(route, settings == null ? null
                : settings.getDispatch()));
        return byRoute;
    }

    private static boolean usesPoolRoutes(LoopwireServerProperties server, FrameHandler handler) {
        return server.getDispatch() == Dispatch.IO && handler instanceof RouteDispatch routes
                && routes.routeDispatches().contains(Dispatch.POOL);
    }

    private Map<String, List<MessageHandlerEndpoint>> endpointsByServer(Map<String, LoopwireServerProperties> servers) {
        Map<String, List<MessageHandlerEndpoint>> byServer = new LinkedHashMap<>();
        for (MessageHandlerEndpoint endpoint : registry.endpoints()) {
            String server = endpoint.server();
            if (server.isEmpty()) {
                if (servers.size() != 1) {
                    throw new LoopwireConfigurationException(endpoint.describe() + " names no server, but "
                            + servers.size() + " servers are configured " + servers.keySet(),
                            "set @MessageHandler(server = ...) to one of " + servers.keySet());
                }
                server = servers.keySet().iterator().next();
            } else if (!servers.containsKey(server)) {
                throw unknownServer(endpoint.describe(), server, servers);
            }
            byServer.computeIfAbsent(server, key -> new ArrayList<>()).add(endpoint);
        }
        return byServer;
    }

    private Map<String, FrameHandlerRegistration> registrationsByServer(Map<String, LoopwireServerProperties> servers) {
        Map<String, FrameHandlerRegistration> byServer = new LinkedHashMap<>();
        for (FrameHandlerRegistration registration : registrations) {
            if (!servers.containsKey(registration.server())) {
                throw unknownServer("A FrameHandlerRegistration bean", registration.server(), servers);
            }
            if (byServer.putIfAbsent(registration.server(), registration) != null) {
                throw new LoopwireConfigurationException("Server '" + registration.server()
                        + "' has two FrameHandlerRegistration beans", "declare one handler per server");
            }
        }
        return byServer;
    }

    private static LoopwireConfigurationException unknownServer(String who, String server,
            Map<String, LoopwireServerProperties> servers) {
        return new LoopwireConfigurationException(who + " names server '" + server + "', but loopwire.servers."
                + server + " is not configured (configured servers: " + servers.keySet() + ")",
                "add loopwire.servers." + server + ".port to your configuration, or fix the server name");
    }

    private static Charset charset(LoopwireServerProperties server) {
        return server.getLine().getCharset();
    }
}
