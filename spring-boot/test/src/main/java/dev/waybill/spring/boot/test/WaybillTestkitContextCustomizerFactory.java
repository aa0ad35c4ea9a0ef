package dev.waybill.spring.boot.test;

import java.util.List;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Registered in {@code META-INF/spring.factories}: turns {@link AutoConfigureWaybillTestkit} on a test class (directly,
 * as a meta-annotation, inherited, or on an enclosing class of a {@code @Nested} class) into a
 * {@link WaybillTestkitContextCustomizer}.
 */
public final class WaybillTestkitContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        AutoConfigureWaybillTestkit annotation =
                TestContextAnnotationUtils.findMergedAnnotation(testClass, AutoConfigureWaybillTestkit.class);
        return annotation == null ? null : new WaybillTestkitContextCustomizer(annotation.kafka());
    }
}
