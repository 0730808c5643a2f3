package dev.loopwire.spring.client;

import java.util.Map;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link LoopwireClient} bean per {@code loopwire.clients.<name>}, named
 * {@code loopwireClient.<name>} and qualified by {@code <name>}, so
 * {@code @Qualifier("kv") LoopwireClient kv} injects the {@code kv} client. Each bean is the
 * {@link LoopwireClients} registry's instance. Runs while bean definitions are loaded (main thread).
 */
class LoopwireClientBeansRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

    /** The prefix of client bean names. */
    static final String BEAN_NAME_PREFIX = "loopwireClient.";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        Map<String, Object> clients = Binder.get(environment)
                .bind("loopwire.clients", Bindable.mapOf(String.class, Object.class))
                .orElse(Map.of());
        for (String name : clients.keySet()) {
            String beanName = BEAN_NAME_PREFIX + name;
            if (registry.containsBeanDefinition(beanName)) {
                continue;
            }
            RootBeanDefinition definition = new RootBeanDefinition(LoopwireClientFactoryBean.class);
            definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
            definition.setAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE, LoopwireClient.class);
            definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
            definition.setDestroyMethodName(""); // the registry's lifecycle stops it
            registry.registerBeanDefinition(beanName, definition);
        }
    }
}
