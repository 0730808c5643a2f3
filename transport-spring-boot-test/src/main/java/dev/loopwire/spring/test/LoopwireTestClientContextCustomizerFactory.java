package dev.loopwire.spring.test;

import java.util.List;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Adds a {@link LoopwireTestClient} bean to every Spring test context, so {@code @SpringBootTest} tests
 * can {@code @Autowired} it, as Spring Boot does for {@code TestRestTemplate}. Registered in
 * {@code META-INF/spring.factories}; an application bean named {@value #BEAN_NAME} wins.
 */
class LoopwireTestClientContextCustomizerFactory implements ContextCustomizerFactory {

    /** The bean's name. */
    static final String BEAN_NAME = "loopwireTestClient";

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return new Customizer();
    }

    private static final class Customizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
            if (beanFactory instanceof BeanDefinitionRegistry registry && !registry.containsBeanDefinition(BEAN_NAME)) {
                RootBeanDefinition definition = new RootBeanDefinition(LoopwireTestClient.class);
                definition.setInstanceSupplier(() -> new LoopwireTestClient(context));
                definition.setDestroyMethodName("close");
                definition.setLazyInit(true);
                registry.registerBeanDefinition(BEAN_NAME, definition);
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Customizer.class.hashCode();
        }
    }
}
