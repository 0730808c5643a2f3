package dev.loopwire.spring.client;

import dev.loopwire.spring.autoconfigure.LoopwireAutoConfiguration;
import dev.loopwire.spring.LoopwireServers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loopwire clients from {@code loopwire.clients.*}: a {@link LoopwireClient} bean per name, their
 * {@link LoopwireClients} registry, the shared client threads, the lifecycle that connects and stops
 * them, and proxies for {@code @LoopwireExchange} interfaces in the application's packages; with
 * Micrometer, the {@code loopwire.client.*} meters; with spring-boot-health, the {@code loopwireClients}
 * health contributor. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(after = LoopwireAutoConfiguration.class, afterName = {
        "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "loopwire.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LoopwireClientsProperties.class)
@Import({ LoopwireClientBeansRegistrar.class, LoopwireExchangeScanRegistrar.class })
public final class LoopwireClientAutoConfiguration {

    /** Boot's default for {@code spring.lifecycle.timeout-per-shutdown-phase}. */
    static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /** The client loops and scheduler every client shares (started with the first client). */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ClientThreads loopwireClientThreads(LoopwireClientsProperties properties) {
        return new ClientThreads(properties.getClientIoThreads());
    }

    /** Builds clients from their properties. */
    @Bean
    @ConditionalOnMissingBean
    LoopwireClientFactory loopwireClientFactory(ClientThreads threads, ObjectProvider<JsonMapper> jsonMapper,
            ObjectProvider<SslBundles> sslBundles, ObjectProvider<LoopwireServers> servers,
            ObjectProvider<ClientObservation> observation) {
        return new LoopwireClientFactory(threads, jsonMapper.getIfUnique(() -> JsonMapper.builder().build()),
                sslBundles.getIfAvailable(), servers::getIfAvailable,
                observation.getIfAvailable(() -> ClientObservation.NONE));
    }

    /** Every configured client, by name; validates the properties when created. */
    @Bean
    @ConditionalOnMissingBean
    LoopwireClients loopwireClients(LoopwireClientFactory factory, LoopwireClientsProperties properties) {
        Map<String, LoopwireClient> clients = new LinkedHashMap<>();
        properties.getClients().forEach((name, client) -> clients.put(name, factory.create(name, client)));
        return new LoopwireClients(clients);
    }

    /** Makes the proxies of {@code @LoopwireExchange} interfaces. */
    @Bean
    @ConditionalOnMissingBean
    LoopwireExchangeProxies loopwireExchangeProxies(LoopwireClients clients, ClientThreads threads,
            ObjectProvider<LoopwireServers> servers) {
        return new LoopwireExchangeProxies(clients, new LoopThreads(threads, servers::getIfAvailable));
    }

    /** Connects the clients at start; stops them after the servers, within the shutdown timeout. */
    @Bean
    @ConditionalOnMissingBean
    LoopwireClientsLifecycle loopwireClientsLifecycle(LoopwireClients clients, Environment environment) {
        Duration timeout = Binder.get(environment)
                .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElse(DEFAULT_SHUTDOWN_TIMEOUT);
        return new LoopwireClientsLifecycle(clients, timeout);
    }

    /** Request timers and client gauges, when Micrometer and a registry are there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
    static class ClientMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean(ClientObservation.class)
        MicrometerClientObservation loopwireClientObservation(io.micrometer.core.instrument.MeterRegistry registry) {
            return new MicrometerClientObservation(registry);
        }

        @Bean
        @ConditionalOnMissingBean
        LoopwireClientMetrics loopwireClientMetrics(LoopwireClients clients) {
            return new LoopwireClientMetrics(clients);
        }
    }

    /** One health component per client, when spring-boot-health is there and clients are configured. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(OnClientsConfiguredCondition.class)
    @ConditionalOnClass(name = { "org.springframework.boot.health.contributor.HealthContributor",
            "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator" })
    @ConditionalOnEnabledHealthIndicator("loopwireclients")
    static class ClientHealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "loopwireClientsHealthContributor")
        LoopwireClientsHealthContributor loopwireClientsHealthContributor(LoopwireClients clients) {
            return new LoopwireClientsHealthContributor(clients);
        }
    }
}
