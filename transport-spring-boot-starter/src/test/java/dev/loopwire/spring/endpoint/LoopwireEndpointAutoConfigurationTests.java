package dev.loopwire.spring.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.ObservedTestServersPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class LoopwireEndpointAutoConfigurationTests {

    @RegisterExtension
    static final ObservedTestServersPerClass servers = new ObservedTestServersPerClass();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LoopwireEndpointAutoConfiguration.class));

    @Test
    void whenEndpointExposedOverWebThenEndpointBean() {
        runner.withBean(LoopwireServers.class, servers::servers)
                .withPropertyValues("management.endpoints.web.exposure.include=health,loopwire")
                .run(context -> assertThat(context).hasSingleBean(LoopwireEndpoint.class));
    }

    @Test
    void whenEndpointNotExposedThenNoEndpointBean() {
        runner.withBean(LoopwireServers.class, servers::servers)
                .run(context -> assertThat(context).doesNotHaveBean(LoopwireEndpoint.class));
    }

    @Test
    void whenEndpointExposedButDisabledThenNoEndpointBean() {
        runner.withBean(LoopwireServers.class, servers::servers)
                .withPropertyValues("management.endpoints.web.exposure.include=*",
                        "management.endpoint.loopwire.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(LoopwireEndpoint.class));
    }

    @Test
    void whenNoLoopwireServersThenNoEndpointBean() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=loopwire")
                .run(context -> assertThat(context).doesNotHaveBean(LoopwireEndpoint.class));
    }

    @Test
    void whenActuatorAbsentThenNoEndpointBeanAndContextStarts() {
        runner.withBean(LoopwireServers.class, servers::servers)
                .withPropertyValues("management.endpoints.web.exposure.include=loopwire")
                .withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LoopwireEndpoint.class));
    }

    @Test
    void whenUserEndpointThenAutoConfiguredOneBacksOff() {
        LoopwireEndpoint mine = new LoopwireEndpoint(servers.servers());
        runner.withBean(LoopwireServers.class, servers::servers)
                .withBean("myEndpoint", LoopwireEndpoint.class, () -> mine)
                .withPropertyValues("management.endpoints.web.exposure.include=loopwire")
                .run(context -> {
                    assertThat(context).hasSingleBean(LoopwireEndpoint.class);
                    assertThat(context.getBean(LoopwireEndpoint.class)).isSameAs(mine);
                });
    }
}
