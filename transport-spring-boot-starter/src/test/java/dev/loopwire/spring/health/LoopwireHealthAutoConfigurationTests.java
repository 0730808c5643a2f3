package dev.loopwire.spring.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.ObservedTestServersPerClass;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class LoopwireHealthAutoConfigurationTests {

    @RegisterExtension
    static final ObservedTestServersPerClass servers = new ObservedTestServersPerClass();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LoopwireHealthAutoConfiguration.class));

    @Test
    void whenLoopwireServersBeanThenHealthIndicatorReportsUp() {
        runner.withBean(LoopwireServers.class, servers::servers).run(context -> {
            assertThat(context).hasSingleBean(LoopwireHealthIndicator.class).hasBean("loopwireHealthIndicator");
            Health health = context.getBean(LoopwireHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsKeys("servers", "loops", "maxLoopLagMs");
            assertThat(health.getDetails().get("maxLoopLagMs")).isEqualTo(1000.0);
        });
    }

    @Test
    void whenNoLoopwireServersBeanThenNoHealthIndicator() {
        runner.run(context -> assertThat(context).doesNotHaveBean(LoopwireHealthIndicator.class)
                .hasSingleBean(LoopwireHealthProperties.class));
    }

    @Test
    void whenHealthIndicatorDisabledThenNoHealthIndicator() {
        runner.withBean(LoopwireServers.class, servers::servers)
                .withPropertyValues("management.health.loopwire.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(LoopwireHealthIndicator.class));
    }

    @Test
    void whenAllHealthIndicatorsDisabledByDefaultButLoopwireEnabledThenHealthIndicator() {
        runner.withBean(LoopwireServers.class, servers::servers)
                .withPropertyValues("management.health.defaults.enabled=false", "management.health.loopwire.enabled=true")
                .run(context -> assertThat(context).hasSingleBean(LoopwireHealthIndicator.class));
    }

    @Test
    void whenHealthModuleAbsentThenNoHealthIndicatorAndContextStarts() {
        runner.withBean(LoopwireServers.class, servers::servers)
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(LoopwireServers.class)
                        .doesNotHaveBean(LoopwireHealthIndicator.class)
                        .doesNotHaveBean(LoopwireHealthProperties.class));
    }

    @Test
    void whenMaxLoopLagSetThenIndicatorUsesIt() {
        runner.withBean(LoopwireServers.class, servers::servers)
                .withPropertyValues("loopwire.health.max-loop-lag=250ms")
                .run(context -> {
                    assertThat(context.getBean(LoopwireHealthProperties.class).getMaxLoopLag())
                            .isEqualTo(Duration.ofMillis(250));
                    assertThat(context.getBean(LoopwireHealthIndicator.class).health().getDetails())
                            .containsEntry("maxLoopLagMs", 250.0);
                });
    }

    @Test
    void whenUserDefinesLoopwireHealthIndicatorThenAutoConfiguredOneBacksOff() {
        runner.withBean(LoopwireServers.class, servers::servers)
                .withUserConfiguration(UserIndicator.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(HealthIndicator.class);
                    assertThat(context.getBean("loopwireHealthIndicator")).isSameAs(UserIndicator.INDICATOR);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserIndicator {

        static final HealthIndicator INDICATOR = () -> Health.outOfService().build();

        @Bean
        HealthIndicator loopwireHealthIndicator() {
            return INDICATOR;
        }
    }
}
