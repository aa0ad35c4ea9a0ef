package dev.waybill.spring.boot.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextCustomizer;

class WaybillTestkitContextCustomizerFactoryTest {

    private final WaybillTestkitContextCustomizerFactory factory = new WaybillTestkitContextCustomizerFactory();

    @Test
    void aTestClassWithoutTheAnnotationIsLeftAlone() {
        assertThat(factory.createContextCustomizer(Plain.class, List.of())).isNull();
    }

    @Test
    void twoTestClassesWithTheSameSettingsGetEqualCustomizersSoTheyShareACachedContext() {
        ContextCustomizer first = factory.createContextCustomizer(WithKafka.class, List.of());
        ContextCustomizer second = factory.createContextCustomizer(AlsoWithKafka.class, List.of());

        assertThat(first).isInstanceOf(WaybillTestkitContextCustomizer.class).isEqualTo(second);
        assertThat(first).hasSameHashCodeAs(second);
        assertThat(((WaybillTestkitContextCustomizer) first).kafka()).isTrue();
    }

    @Test
    void withoutKafkaIsAnotherContext() {
        ContextCustomizer withKafka = factory.createContextCustomizer(WithKafka.class, List.of());
        ContextCustomizer withoutKafka = factory.createContextCustomizer(WithoutKafka.class, List.of());

        assertThat(withoutKafka).isNotEqualTo(withKafka);
        assertThat(withoutKafka.hashCode()).isNotEqualTo(withKafka.hashCode());
        assertThat(((WaybillTestkitContextCustomizer) withoutKafka).kafka()).isFalse();
    }

    @Test
    void theAnnotationIsFoundAsAMetaAnnotationOnASubclassAndOnTheEnclosingClassOfANestedTest() {
        assertThat(factory.createContextCustomizer(WithTeamAnnotation.class, List.of()))
                .isEqualTo(new WaybillTestkitContextCustomizer(false));
        assertThat(factory.createContextCustomizer(Subclass.class, List.of()))
                .isEqualTo(new WaybillTestkitContextCustomizer(true));
        assertThat(factory.createContextCustomizer(WithKafka.Inner.class, List.of()))
                .isEqualTo(new WaybillTestkitContextCustomizer(true));
    }

    @Test
    void thePropertiesPointSpringAndTheRelayAtTheDatabaseAndTheBroker() {
        assertThat(WaybillTestkitContextCustomizer.properties(
                        "jdbc:postgresql://localhost:5432/spring_test_1", "postgres", "secret", "localhost:9092"))
                .containsExactly(
                        entry("spring.datasource.url", "jdbc:postgresql://localhost:5432/spring_test_1"),
                        entry("spring.datasource.username", "postgres"),
                        entry("spring.datasource.password", "secret"),
                        entry("spring.test.database.replace", "none"),
                        entry("spring.kafka.bootstrap-servers", "localhost:9092"),
                        entry("waybill.relay.kafka.bootstrap-servers", "localhost:9092"));
        assertThat(WaybillTestkitContextCustomizer.properties("jdbc:postgresql://h:1/d", "u", "p", null))
                .containsOnlyKeys(
                        "spring.datasource.url",
                        "spring.datasource.username",
                        "spring.datasource.password",
                        "spring.test.database.replace");
    }

    private static java.util.Map.Entry<String, Object> entry(String key, Object value) {
        return java.util.Map.entry(key, value);
    }

    static class Plain {}

    @AutoConfigureWaybillTestkit
    static class WithKafka {
        @org.junit.jupiter.api.Nested
        class Inner {}
    }

    @AutoConfigureWaybillTestkit
    static class AlsoWithKafka {}

    @AutoConfigureWaybillTestkit(kafka = false)
    static class WithoutKafka {}

    @Retention(RetentionPolicy.RUNTIME)
    @AutoConfigureWaybillTestkit(kafka = false)
    @interface TeamIntegrationTest {}

    @TeamIntegrationTest
    static class WithTeamAnnotation {}

    static class Subclass extends WithKafka {}
}
