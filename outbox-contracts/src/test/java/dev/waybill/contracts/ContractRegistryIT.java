package dev.waybill.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waybill.contracts.PushResult.Kind;
import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestPostgres;
import dev.waybill.testkit.WaybillTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WaybillTest
class ContractRegistryIT {

    private static final String ID = "billing.invoice-issued";
    private static final String V1 = "\"id\": {\"type\": \"string\"}, \"amount\": {\"type\": \"integer\"}";
    private static final String V1_REQUIRED = "\"id\", \"amount\"";

    private TestDatabase database;
    private ContractRegistry registry;

    @BeforeEach
    void freshRegistry(TestPostgres postgres) {
        database = postgres.createDatabase("registry");
        WaybillMigrations.builder(database.dataSource()).build().migrate();
        registry = new ContractRegistry(database.dataSource());
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    private static List<DataContract> reference() {
        return ContractDirectory.at(ReferenceContractsTest.resource("contracts/reference"))
                .lint()
                .contracts();
    }

    @Test
    void pushRegistersNewVersionsAndListShowsThem() {
        PushResult result = registry.push(reference(), "ci@build-42");

        assertThat(result.ok()).isTrue();
        assertThat(result.outcomes())
                .extracting(PushResult.Outcome::version, PushResult.Outcome::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("1.0.0", Kind.REGISTERED),
                        org.assertj.core.groups.Tuple.tuple("1.1.0", Kind.REGISTERED));
        assertThat(registry.list()).hasSize(2).allSatisfy(row -> {
            assertThat(row.contractId()).isEqualTo("orders.order-placed");
            assertThat(row.status()).isEqualTo(ContractStatus.ACTIVE);
            assertThat(row.topic()).isEqualTo("orders.order-placed.v1");
            assertThat(row.digest()).matches("[0-9a-f]{64}");
            assertThat(row.pushedBy()).isEqualTo("ci@build-42");
            assertThat(row.pushedAt()).isNotNull();
        });
    }

    @Test
    void pushingTheSameContentAgainChangesNothingEvenReformatted(@TempDir Path root) throws IOException {
        registry.push(reference(), "first");
        List<RegisteredContract> before = registry.list();

        // Same content, other formatting and comments: not a new version.
        Path copy = copyReference(root);
        Path file = copy.resolve("orders.order-placed/1.0.0.odcs.yaml");
        Files.writeString(
                file, "# reviewed by the data team\n" + Files.readString(file).replace("id: orders.", "id:   orders."));
        PushResult again = registry.push(ContractDirectory.at(copy).lint().contracts(), "second");

        assertThat(again.ok()).isTrue();
        assertThat(again.outcomes()).extracting(PushResult.Outcome::kind).containsOnly(Kind.UNCHANGED);
        assertThat(registry.list()).isEqualTo(before);
    }

    @Test
    void changedContentUnderARegisteredVersionIsRefusedAndNothingIsWritten(@TempDir Path root) throws IOException {
        registry.push(List.of(reference().get(0)), "first");
        Path copy = copyReference(root);
        Path schema = copy.resolve("orders.order-placed/1.0.0.schema.json");
        Files.writeString(schema, Files.readString(schema).replace("\"minimum\": 0", "\"minimum\": 1"));

        PushResult result = registry.push(ContractDirectory.at(copy).lint().contracts(), "second");

        assertThat(result.ok()).isFalse();
        assertThat(result.outcomes())
                .filteredOn(outcome -> outcome.kind() == Kind.REFUSED)
                .singleElement()
                .satisfies(outcome -> {
                    assertThat(outcome.version()).isEqualTo("1.0.0");
                    assertThat(outcome.message())
                            .contains("already registered with different content")
                            .contains("registered versions are immutable");
                });
        assertThat(registry.list()).extracting(RegisteredContract::version).containsExactly("1.0.0");
    }

    @Test
    void statusMovesForwardButNeverBack(@TempDir Path root) {
        ContractFiles files =
                new ContractFiles(root.resolve("a")).version(ID, "1.0.0", "draft", ID + ".v1", V1, V1_REQUIRED, "");
        registry.push(files.lint().contracts(), "ci");
        ContractFiles active =
                new ContractFiles(root.resolve("b")).version(ID, "1.0.0", "active", ID + ".v1", V1, V1_REQUIRED, "");
        ContractFiles backToDraft =
                new ContractFiles(root.resolve("c")).version(ID, "1.0.0", "draft", ID + ".v1", V1, V1_REQUIRED, "");

        PushResult promoted = registry.push(active.lint().contracts(), "ci");
        PushResult demoted = registry.push(backToDraft.lint().contracts(), "ci");

        assertThat(promoted.outcomes()).singleElement().satisfies(outcome -> {
            assertThat(outcome.kind()).isEqualTo(Kind.STATUS_CHANGED);
            assertThat(outcome.message()).isEqualTo("draft -> active");
        });
        assertThat(demoted.ok()).isFalse();
        assertThat(demoted.outcomes())
                .singleElement()
                .extracting(PushResult.Outcome::message)
                .isEqualTo("status cannot go back from active to draft");
        assertThat(registry.list())
                .singleElement()
                .extracting(RegisteredContract::status)
                .isEqualTo(ContractStatus.ACTIVE);
        assertThat(registry.catalog().find(ID, "1.0.0"))
                .hasValueSatisfying(contract -> assertThat(contract.status()).isEqualTo(ContractStatus.ACTIVE));
    }

    @Test
    void newVersionIsCheckedAgainstTheRegisteredHistory(@TempDir Path root) {
        registry.push(
                new ContractFiles(root.resolve("a"))
                        .version(ID, "1.0.0", V1, V1_REQUIRED)
                        .lint()
                        .contracts(),
                "ci");
        // The directory holds only the new version; its predecessor is known from the registry alone.
        List<DataContract> breaking = new ContractFiles(root.resolve("b"))
                .version(ID, "1.1.0", V1 + ", \"currency\": {\"type\": \"string\"}", V1_REQUIRED + ", \"currency\"")
                .lint()
                .contracts();

        PushResult result = registry.push(breaking, "ci");

        assertThat(result.ok()).isFalse();
        assertThat(result.compatibilityProblems()).singleElement().satisfies(problem -> {
            assertThat(problem.rule()).isEqualTo("required-property-added");
            assertThat(problem.olderVersion()).isEqualTo("1.0.0");
            assertThat(problem.newerVersion()).isEqualTo("1.1.0");
        });
        assertThat(registry.list()).extracting(RegisteredContract::version).containsExactly("1.0.0");
    }

    @Test
    void concurrentPushesOfOneVersionRegisterItExactlyOnce(@TempDir Path root) throws Exception {
        List<DataContract> same = new ContractFiles(root.resolve("same"))
                .version(ID, "1.0.0", V1, V1_REQUIRED)
                .lint()
                .contracts();
        List<DataContract> different = new ContractFiles(root.resolve("different"))
                .version(ID, "1.0.0", V1.replace("\"integer\"", "\"number\""), V1_REQUIRED)
                .lint()
                .contracts();

        List<PushResult> results = concurrently(8, i -> registry.push(i % 2 == 0 ? same : different, "pusher-" + i));

        List<Kind> kinds =
                results.stream().map(result -> result.outcomes().get(0).kind()).toList();
        assertThat(kinds).filteredOn(kind -> kind == Kind.REGISTERED).hasSize(1);
        assertThat(kinds)
                .filteredOn(kind -> kind == Kind.REGISTERED || kind == Kind.UNCHANGED)
                .hasSize(4);
        assertThat(kinds).filteredOn(kind -> kind == Kind.REFUSED).hasSize(4);
        assertThat(rowCount()).isEqualTo(1);
    }

    @Test
    void catalogFromTheRegistryValidatesLikeTheDirectory() {
        registry.push(reference(), "ci");
        ContractCatalog catalog = registry.catalog();

        assertThat(catalog.contracts())
                .extracting(DataContract::coordinates)
                .containsExactly("orders.order-placed@1.0.0", "orders.order-placed@1.1.0");
        assertThat(catalog.validate("orders.order-placed", "1.1.0", """
                {"orderId":"ORD-000123","totalAmount":5,"occurredAt":"2026-11-26T10:15:30Z","salesChannel":"web"}""").valid())
                .isTrue();
        assertThat(catalog.validate("orders.order-placed", "1.0.0", """
                {"orderId":"ORD-000123","totalAmount":5,"occurredAt":"2026-11-26T10:15:30Z","salesChannel":"web"}""").valid())
                .isFalse();
    }

    @Test
    void missingRegistryTableSaysToRunTheMigrations(TestPostgres postgres) {
        try (TestDatabase empty = postgres.createDatabase("registry_missing")) {
            assertThatThrownBy(() -> new ContractRegistry(empty.dataSource()).list())
                    .isInstanceOf(ContractException.class)
                    .hasMessageContaining("SQLState 42P01")
                    .hasMessageContaining("run the Waybill migrations");
        }
    }

    private int rowCount() throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM waybill.contract_registry")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private interface Push {
        PushResult run(int index);
    }

    private static List<PushResult> concurrently(int threads, Push push) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<PushResult>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Callable<PushResult> task = () -> {
                    start.await();
                    return push.run(index);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<PushResult> results = new ArrayList<>();
            for (Future<PushResult> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    private static Path copyReference(Path root) throws IOException {
        Path source = ReferenceContractsTest.resource("contracts/reference");
        try (var files = Files.walk(source)) {
            for (Path path : files.toList()) {
                Path target = root.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
        return root;
    }
}
