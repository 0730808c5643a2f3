package dev.loopwire.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.spring.HandlerObservation;
import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.ObservedTestServers;
import dev.loopwire.spring.ObservedTestServersPerClass;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;

class LoopwireMetricsAutoConfigurationTests {

    @RegisterExtension
    static final ObservedTestServersPerClass servers = new ObservedTestServersPerClass();

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, LoopwireMetricsAutoConfiguration.class));

    @Test
    void whenServersAndMeterRegistryThenMetersAreBoundByBoot() {
        runner.withBean(LoopwireServers.class, servers::servers).run(context -> {
            assertThat(context).hasSingleBean(LoopwireMetrics.class).hasSingleBean(HandlerObservation.class);
            assertThat(context.getBean(HandlerObservation.class)).isInstanceOf(MicrometerHandlerObservation.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("loopwire.connections.active").gauges()).hasSize(2);
            assertThat(registry.get("loopwire.loop.lag").timeGauges()).hasSize(4);
        });
    }

    @Test
    void whenServersRegisterAtLifecycleStartThenTheyAreBoundOnceTheContextIsRefreshed() {
        try (ObservedTestServers late = ObservedTestServers.empty()) {
            runner.withBean(LoopwireServers.class, late::servers)
                    .withBean(SmartLifecycle.class, () -> new StartsServerLate(late))
                    .run(context -> {
                        assertThat(late.servers().server("late")).isPresent();
                        MeterRegistry registry = context.getBean(MeterRegistry.class);
                        assertThat(registry.get("loopwire.connections.active").tag("server", "late").gauges()).hasSize(1);
                        assertThat(registry.get("loopwire.loop.lag").tag("loop", "loopwire-late-accept").timeGauges())
                                .hasSize(1);
                    });
        }
    }

    /** Registers a server while the context starts, after meter binders were bound, as the starter does. */
    static final class StartsServerLate implements SmartLifecycle {

        private final ObservedTestServers servers;
        private volatile boolean running;

        StartsServerLate(ObservedTestServers servers) {
            this.servers = servers;
        }

        @Override
        public void start() {
            servers.addEchoServer("late");
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }

    @Test
    void whenNoLoopwireServersThenNoMetricsBeans() {
        runner.run(context -> assertThat(context).hasSingleBean(MeterRegistry.class)
                .doesNotHaveBean(LoopwireMetrics.class).doesNotHaveBean(HandlerObservation.class));
    }

    @Test
    void whenNoMeterRegistryThenNoMetricsBeans() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LoopwireMetricsAutoConfiguration.class))
                .withBean(LoopwireServers.class, servers::servers)
                .run(context -> assertThat(context).doesNotHaveBean(LoopwireMetrics.class)
                        .doesNotHaveBean(HandlerObservation.class));
    }

    @Test
    void whenMicrometerAbsentThenNoMetricsBeansAndContextStarts() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LoopwireMetricsAutoConfiguration.class))
                .withBean(LoopwireServers.class, servers::servers)
                .withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LoopwireMetrics.class)
                        .doesNotHaveBean(HandlerObservation.class));
    }

    @Test
    void whenUserHandlerObservationThenAutoConfiguredOneBacksOff() {
        HandlerObservation mine = (server, route) -> (nanos, failure) -> { };
        runner.withBean(LoopwireServers.class, servers::servers).withBean(HandlerObservation.class, () -> mine)
                .run(context -> {
                    assertThat(context).hasSingleBean(HandlerObservation.class).hasSingleBean(LoopwireMetrics.class);
                    assertThat(context.getBean(HandlerObservation.class)).isSameAs(mine);
                });
    }

    @Test
    void whenUserLoopwireMetricsThenAutoConfiguredOneBacksOff() {
        LoopwireMetrics mine = new LoopwireMetrics(servers.servers());
        runner.withBean(LoopwireServers.class, servers::servers).withBean("myMetrics", LoopwireMetrics.class, () -> mine)
                .run(context -> {
                    assertThat(context).hasSingleBean(LoopwireMetrics.class).hasBean("myMetrics");
                    assertThat(context.getBean(MeterRegistry.class).get("loopwire.connections.active").gauges())
                            .hasSize(2);
                });
    }
}
