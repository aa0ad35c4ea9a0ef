package dev.waybill.testkit;

import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link TestDatabase}, {@link TestPostgres} and {@link TestKafka} parameters. Services start lazily, so
 * a test class that never asks for Kafka never starts it. Use through {@link WaybillTest}.
 */
public final class WaybillExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(WaybillExtension.class);
    private static final Set<Class<?>> RESOLVED = Set.of(TestDatabase.class, TestPostgres.class, TestKafka.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return RESOLVED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == TestPostgres.class) {
            return Testkit.postgres();
        }
        if (type == TestKafka.class) {
            return Testkit.kafka();
        }
        if (type == TestDatabase.class) {
            ExtensionContext classContext = classContext(context);
            // Stored values that are AutoCloseable are closed by JUnit when the class context ends.
            return classContext
                    .getStore(NAMESPACE)
                    .getOrComputeIfAbsent(
                            TestDatabase.class,
                            key -> Testkit.postgres()
                                    .createDatabase(
                                            classContext.getRequiredTestClass().getSimpleName()),
                            TestDatabase.class);
        }
        throw new ParameterResolutionException("WaybillExtension cannot resolve " + type);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }
}
