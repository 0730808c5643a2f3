package dev.loopwire.spring.client;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartFactoryBean;

/**
 * The bean of one configured client, {@code loopwireClient.<name>}: the {@link LoopwireClients} registry's
 * instance. A factory bean with a plain constructor argument rather than an instance supplier, so that
 * Spring AOT can generate its definition. Created on the main thread.
 */
public final class LoopwireClientFactoryBean implements SmartFactoryBean<LoopwireClient>, BeanFactoryAware {

    private final String name;
    private BeanFactory beanFactory;

    /** @param name the client's name under {@code loopwire.clients} */
    public LoopwireClientFactoryBean(String name) {
        this.name = name;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public LoopwireClient getObject() {
        return beanFactory.getBean(LoopwireClients.class)
                .required(name, "Bean " + LoopwireClientBeansRegistrar.BEAN_NAME_PREFIX + name);
    }

    /** Created with the other singletons, so a misconfiguration fails startup, not the first use. */
    @Override
    public boolean isEagerInit() {
        return true;
    }

    @Override
    public Class<?> getObjectType() {
        return LoopwireClient.class;
    }
}
