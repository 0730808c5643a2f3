package dev.loopwire.spring.client;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when at least one {@code loopwire.clients.<name>} is configured. */
class OnClientsConfiguredCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> clients = Binder.get(context.getEnvironment())
                .bind("loopwire.clients", Bindable.mapOf(String.class, Object.class))
                .orElse(Map.of());
        return clients.isEmpty() ? ConditionOutcome.noMatch("no loopwire.clients configured")
                : ConditionOutcome.match("loopwire.clients " + clients.keySet());
    }
}
