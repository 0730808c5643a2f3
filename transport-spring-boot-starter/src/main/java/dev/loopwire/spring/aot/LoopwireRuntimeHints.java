package dev.loopwire.spring.aot;

import dev.loopwire.spring.autoconfigure.LoopwireProperties;
import dev.loopwire.spring.autoconfigure.LoopwireServerProperties;
import dev.loopwire.spring.client.LoopwireClientProperties;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * Reflection hints for what the starter binds itself, outside Spring Boot's own
 * {@code @ConfigurationProperties} processing: each server's {@link LoopwireServerProperties} is bound from
 * {@code loopwire.server-defaults} and {@code loopwire.servers.<name>} with a {@code Binder} at startup, and
 * the clients' properties likewise. Registered through {@code META-INF/spring/aot.factories}; runs at
 * build time.
 */
public class LoopwireRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        BindableRuntimeHintsRegistrar.forTypes(LoopwireProperties.class, LoopwireServerProperties.class,
                LoopwireClientProperties.class).registerHints(hints, classLoader);
    }
}
