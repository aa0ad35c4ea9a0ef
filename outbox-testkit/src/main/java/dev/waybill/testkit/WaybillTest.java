package dev.waybill.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a JUnit 5 test class that uses real services. Declare parameters of type {@link TestDatabase} (a database
 * of its own for the test class, dropped after it), {@link TestPostgres} or {@link TestKafka} on constructors,
 * lifecycle methods or test methods.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(WaybillExtension.class)
public @interface WaybillTest {}
