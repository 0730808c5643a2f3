package dev.loopwire.spring.client;

import dev.loopwire.spring.client.annotation.LoopwireExchange;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Finds the {@code @LoopwireExchange} interfaces in the application's auto-configuration packages (the
 * package of its {@code @SpringBootApplication} and below) and registers a proxy bean for each, like
 * Spring's HTTP interface clients. Runs while bean definitions are loaded (main thread); the proxies are
 * made when first needed, by {@link LoopwireExchangeProxies}.
 */
class LoopwireExchangeScanRegistrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware, EnvironmentAware,
        ResourceLoaderAware {

    private static final Logger log = LoggerFactory.getLogger(LoopwireExchangeScanRegistrar.class);

    private BeanFactory beanFactory;
    private Environment environment;
    private ResourceLoader resourceLoader;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setResourceLoader(ResourceLoader resourceLoader) {
        this.resourceLoader = resourceLoader;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        if (!AutoConfigurationPackages.has(beanFactory)) {
            log.debug("No auto-configuration packages: not scanning for @LoopwireExchange interfaces");
            return;
        }
        List<String> packages = AutoConfigurationPackages.get(beanFactory);
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false,
                environment) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent();
            }
        };
        scanner.setResourceLoader(resourceLoader);
        scanner.addIncludeFilter(new AnnotationTypeFilter(LoopwireExchange.class, false, true));
        ClassLoader classLoader = resourceLoader == null ? ClassUtils.getDefaultClassLoader()
                : resourceLoader.getClassLoader();
        for (String basePackage : packages) {
            for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
                String className = candidate.getBeanClassName();
                if (registry.containsBeanDefinition(className)) {
                    continue;
                }
                Class<?> type = ClassUtils.resolveClassName(className, classLoader);
                registry.registerBeanDefinition(className, proxyDefinition(type));
            }
        }
    }

    private <T> RootBeanDefinition proxyDefinition(Class<T> type) {
        RootBeanDefinition definition = new RootBeanDefinition(LoopwireExchangeFactoryBean.class);
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, type);
        definition.setAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE, type);
        return definition;
    }
}
