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
@SuppressWarnings("deprecation") // getOrComputeIfAbsent: deprecated in JUnit 6, the only form JUnit 5.10 has
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
            // JUnit closes the stored value when the class context ends; getOrComputeIfAbsent exists from JUnit 5.10
            // through 6.x.
            return classContext
                    .getStore(NAMESPACE)
                    .getOrComputeIfAbsent(
                            ClassDatabase.class,
                            key -> new ClassDatabase(Testkit.postgres()
                                    .createDatabase(
                                            classContext.getRequiredTestClass().getSimpleName())),
                            ClassDatabase.class)
                    .database;
        }
        throw new ParameterResolutionException("WaybillExtension cannot resolve " + type);
    }

    /**
     * The test class's database, dropped when JUnit closes the class's store: as an AutoCloseable from JUnit 5.13 on,
     * as a CloseableResource (deprecated since, but the only kind 5.10 to 5.12 close) before. JUnit closes it once.
     */
    @SuppressWarnings("deprecation")
    private static final class ClassDatabase implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        private final TestDatabase database;

        ClassDatabase(TestDatabase database) {
            this.database = database;
        }

        @Override
        public void close() {
            database.close();
        }
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }
}
