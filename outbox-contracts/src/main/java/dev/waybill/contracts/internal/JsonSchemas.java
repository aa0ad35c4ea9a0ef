package dev.waybill.contracts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON Schema machinery, configured once: draft 2020-12 for payload schemas, 2019-09 for the ODCS schema,
 * format assertions on, JSON pointers in results, and no fetching of remote {@code $ref}s (a contract must be
 * self-contained, and a relay must not make network calls on a schema's say-so).
 */
final class JsonSchemas {

    public static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final SchemaRegistryConfig CONFIG = SchemaRegistryConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_POINTER)
            .build();
    private static final SchemaRegistry PAYLOADS = SchemaRegistry.withDefaultDialect(
            quiet(Dialects.getDraft202012()),
            builder -> builder.schemaRegistryConfig(CONFIG).schemaLoader(loader -> loader.fetchRemoteResources(false)));
    private static final SchemaRegistry ODCS_REGISTRY = SchemaRegistry.withDefaultDialect(
            quiet(Dialects.getDraft201909()),
            builder -> builder.schemaRegistryConfig(CONFIG).schemaLoader(loader -> loader.fetchRemoteResources(false)));

    private JsonSchemas() {}

    /**
     * The dialect, with keywords it does not know kept as annotations, as JSON Schema says they are, instead of a WARN
     * line each: the ODCS schema alone has dozens (its {@code $defs/ServerSource} lists server types as keywords), and
     * every service that loads contracts would log them.
     */
    private static Dialect quiet(Dialect dialect) {
        return Dialect.builder(dialect)
                .unknownKeywordFactory((name, context) -> new AnnotationKeyword(name))
                .build();
    }

    /** Compiles a payload schema; throws on a schema the validator cannot use (for example a bad regex). */
    public static Schema compile(JsonNode schema) {
        Schema compiled = PAYLOADS.getSchema(schema);
        compiled.initializeValidators();
        return compiled;
    }

    /** Problems that make {@code schema} not a valid JSON Schema 2020-12 document (checked against the meta-schema). */
    public static List<Error> metaSchemaErrors(JsonNode schema) {
        return MetaSchema.INSTANCE.validate(schema);
    }

    /** Problems that make {@code document} not a valid ODCS v3.1 contract. */
    public static List<Error> odcsErrors(JsonNode document) {
        return Odcs.INSTANCE.validate(document);
    }

    // Holders: each schema is compiled on first use only, and once.
    private static final class MetaSchema {
        static final Schema INSTANCE = PAYLOADS.getSchema(SchemaLocation.of(DRAFT_2020_12));
    }

    private static final class Odcs {
        static final Schema INSTANCE = load();

        private static Schema load() {
            try (InputStream in =
                    JsonSchemas.class.getResourceAsStream("/dev/waybill/contracts/odcs-json-schema-v3.1.0.json")) {
                if (in == null) {
                    throw new IllegalStateException("the ODCS JSON Schema is missing from the classpath");
                }
                return ODCS_REGISTRY.getSchema(JSON.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
