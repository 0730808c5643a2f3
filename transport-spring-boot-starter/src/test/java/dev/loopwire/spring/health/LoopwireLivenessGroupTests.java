package dev.loopwire.spring.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.ObservedTestServers;
import dev.loopwire.transport.client.ClientConnection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The documented liveness set-up: {@code management.endpoint.health.group.liveness.include=livenessState,loopwire}.
 */
class LoopwireLivenessGroupTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
                    HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
                    HealthEndpointAutoConfiguration.class, AvailabilityHealthContributorAutoConfiguration.class,
                    AvailabilityProbesAutoConfiguration.class, LoopwireHealthAutoConfiguration.class))
            .withPropertyValues("management.endpoint.health.probes.enabled=true",
                    "management.endpoint.health.group.liveness.include=livenessState,loopwire",
                    "loopwire.health.max-loop-lag=300ms");

    @Test
    void whenLoopwireInLivenessGroupThenStalledLoopFailsLivenessUntilFreed() throws Exception {
        try (ObservedTestServers test = ObservedTestServers.start()) {
            runner.withBean(LoopwireServers.class, test::servers).run(context -> {
                // what SpringApplication publishes once the application runs
                AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
                AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
                HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                HealthDescriptor liveness = endpoint.healthForPath("liveness");
                assertThat(liveness.getStatus()).isEqualTo(Status.UP);
                assertThat(((CompositeHealthDescriptor) liveness).getComponents())
                        .containsOnlyKeys("livenessState", "loopwire");

                ClientConnection inline = test.connect("inline");
                test.blockInlineLoop(inline);

                await().atMost(Duration.ofSeconds(1))
                        .until(() -> endpoint.healthForPath("liveness").getStatus().equals(Status.DOWN));
                assertThat(endpoint.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);

                test.release();
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> endpoint.healthForPath("liveness").getStatus().equals(Status.UP));
            });
        }
    }
}
