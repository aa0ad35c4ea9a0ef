package dev.waybill.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.ContractDirectory;
import dev.waybill.contracts.ValidationResult;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Payload validation on the relay's hot path: a catalog lookup plus a JSON Schema evaluation, for a small valid
 * and a small invalid event of the reference contract (orders.order-placed). One thread: the figure is per core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ValidationBenchmark {

    static final String CONTRACT = "orders.order-placed";
    static final String VERSION = "1.1.0";
    static final String VALID = "{\"orderId\":\"ORD-000123\",\"customerEmail\":\"jane@example.com\","
            + "\"totalAmount\":1250,\"occurredAt\":\"2026-11-26T10:15:30Z\",\"salesChannel\":\"web\"}";
    static final String INVALID = "{\"orderId\":\"12345\",\"customerEmail\":\"jane@example.com\","
            + "\"totalAmount\":-5,\"occurredAt\":\"2026-11-26T10:15:30Z\",\"salesChannel\":\"fax\"}";

    @Param("examples/contracts")
    public String contracts;

    private ContractCatalog catalog;
    private JsonNode validTree;

    @Setup
    public void load() throws Exception {
        catalog = ContractDirectory.at(Path.of(contracts)).load();
        validTree = new ObjectMapper().readTree(VALID);
        if (!catalog.validate(CONTRACT, VERSION, VALID).valid()
                || catalog.validate(CONTRACT, VERSION, INVALID).valid()) {
            throw new IllegalStateException("benchmark payloads do not have the expected verdicts");
        }
    }

    /** The relay's case: the payload arrives as JSON text. */
    @Benchmark
    public ValidationResult validEventFromText() {
        return catalog.validate(CONTRACT, VERSION, VALID);
    }

    /** Three violations to collect and describe (pattern, minimum, enum). */
    @Benchmark
    public ValidationResult invalidEventFromText() {
        return catalog.validate(CONTRACT, VERSION, INVALID);
    }

    /** Schema evaluation alone, without parsing the JSON text. */
    @Benchmark
    public ValidationResult validEventAlreadyParsed() {
        return catalog.validate(CONTRACT, VERSION, validTree);
    }
}
