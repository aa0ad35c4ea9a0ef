package dev.waybill.contracts;

import dev.waybill.contracts.PushResult.Kind;
import dev.waybill.contracts.PushResult.Outcome;
import dev.waybill.contracts.internal.ContentDigest;
import dev.waybill.contracts.internal.ContractReader;
import dev.waybill.outbox.OutboxTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The contract registry: a table in PostgreSQL (created by the migrations) holding every pushed contract version.
 * Versions are immutable: pushing the same content again changes nothing, pushing different content under a
 * registered version is refused, and only the status may move forward (draft to active to deprecated to retired).
 * Pushes of the same contract are serialized with an advisory lock, so concurrent pushes cannot interleave.
 */
public final class ContractRegistry {

    /** The first key of the advisory locks pushes take ("WAYB"), so they do not collide with the service's own. */
    private static final int LOCK_NAMESPACE = 0x57415942;

    private final DataSource dataSource;
    private final String table;

    /** The registry in the {@code waybill} schema. */
    public ContractRegistry(DataSource dataSource) {
        this(dataSource, OutboxTable.DEFAULT.schema());
    }

    /** The registry in another schema (the one the migrations ran in). */
    public ContractRegistry(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        // OutboxTable validates the schema name, which ends up in SQL text.
        this.table = new OutboxTable(schema, "contract_registry").qualifiedName();
    }

    /**
     * Registers contract versions, all or nothing, after checking them against what is registered.
     *
     * @param pushedBy who pushes, recorded with each new version (for example a CI job or a user name)
     */
    public PushResult push(Collection<DataContract> contracts, String pushedBy) {
        Set<String> ids = new TreeSet<>();
        contracts.forEach(contract -> ids.add(contract.id()));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                lock(connection, ids);
                Map<String, Stored> registered = read(connection, ids);
                List<Outcome> outcomes = new ArrayList<>();
                List<DataContract> toInsert = new ArrayList<>();
                List<DataContract> toUpdate = new ArrayList<>();
                for (DataContract contract : contracts) {
                    Outcome outcome = decide(contract, registered.get(contract.coordinates()));
                    outcomes.add(outcome);
                    if (outcome.kind() == Kind.REGISTERED) {
                        toInsert.add(contract);
                    } else if (outcome.kind() == Kind.STATUS_CHANGED) {
                        toUpdate.add(contract);
                    }
                }
                List<CompatibilityProblem> problems = compatibility(contracts, registered.values(), toInsert);
                PushResult result = new PushResult(outcomes, problems);
                if (result.ok()) {
                    insert(connection, toInsert, pushedBy);
                    updateStatus(connection, toUpdate);
                    connection.commit();
                } else {
                    connection.rollback();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("push contracts to", e);
        }
    }

    /** Every registered version, by contract id and version. */
    public List<RegisteredContract> list() {
        String sql =
                "SELECT contract_id, version, status, topic, digest, pushed_at, pushed_by, updated_at FROM " + table;
        List<RegisteredContract> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows.add(new RegisteredContract(
                        rs.getString(1),
                        rs.getString(2),
                        ContractStatus.parse(rs.getString(3)).orElseThrow(),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant(),
                        rs.getString(7),
                        rs.getTimestamp(8).toInstant()));
            }
        } catch (SQLException e) {
            throw failure("list contracts in", e);
        }
        rows.sort(java.util.Comparator.comparing(RegisteredContract::contractId)
                .thenComparing(row -> dev.waybill.outbox.SemanticVersion.parse(row.version())));
        return rows;
    }

    /** Every registered version, parsed and compiled. */
    public ContractCatalog catalog() {
        try (Connection connection = dataSource.getConnection()) {
            return ContractCatalog.of(read(connection, null).values().stream()
                    .map(Stored::contract)
                    .toList());
        } catch (SQLException e) {
            throw failure("read contracts from", e);
        }
    }

    private record Stored(DataContract contract, String digest) {}

    private Outcome decide(DataContract contract, Stored stored) {
        String version = contract.version().toString();
        if (stored == null) {
            return new Outcome(contract.id(), version, Kind.REGISTERED, "new version");
        }
        String digest = ContentDigest.of(contract);
        if (!digest.equals(stored.digest())) {
            return new Outcome(
                    contract.id(),
                    version,
                    Kind.REFUSED,
                    "version " + version + " is already registered "
                            + "with different content (sha-256 "
                            + stored.digest().substring(0, 12) + ", pushed "
                            + digest.substring(0, 12) + "); registered versions are immutable: publish a new version");
        }
        ContractStatus from = stored.contract().status();
        ContractStatus to = contract.status();
        if (from == to) {
            return new Outcome(contract.id(), version, Kind.UNCHANGED, "already registered");
        }
        if (!from.canBecome(to)) {
            return new Outcome(
                    contract.id(),
                    version,
                    Kind.REFUSED,
                    "status cannot go back from " + from.value() + " to " + to.value());
        }
        return new Outcome(contract.id(), version, Kind.STATUS_CHANGED, from.value() + " -> " + to.value());
    }

    /** Problems that involve a version being added now; the registered history was checked when it was pushed. */
    private static List<CompatibilityProblem> compatibility(
            Collection<DataContract> pushed, Collection<Stored> stored, List<DataContract> added) {
        Map<String, DataContract> combined = new HashMap<>();
        stored.forEach(entry -> combined.put(entry.contract().coordinates(), entry.contract()));
        pushed.forEach(contract -> combined.putIfAbsent(contract.coordinates(), contract));
        Set<String> addedCoordinates = new HashSet<>();
        added.forEach(contract -> addedCoordinates.add(contract.coordinates()));
        return CompatibilityCheck.check(combined.values()).stream()
                .filter(problem -> addedCoordinates.contains(problem.contractId() + "@" + problem.newerVersion())
                        || addedCoordinates.contains(problem.contractId() + "@" + problem.olderVersion()))
                .toList();
    }

    private static void lock(Connection connection, Set<String> ids) throws SQLException {
        // Sorted ids: two pushes always lock in the same order and cannot deadlock.
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
            for (String id : ids) {
                statement.setInt(1, LOCK_NAMESPACE);
                statement.setString(2, id);
                statement.executeQuery().close();
            }
        }
    }

    /** Registered versions of the given contracts (all contracts when {@code ids} is null), by coordinates. */
    private Map<String, Stored> read(Connection connection, Set<String> ids) throws SQLException {
        String sql = "SELECT contract_id, version, document, payload_schema, digest FROM " + table
                + (ids == null ? "" : " WHERE contract_id = ANY (?)");
        Map<String, Stored> stored = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (ids != null) {
                statement.setArray(1, connection.createArrayOf("text", ids.toArray()));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    String version = rs.getString(2);
                    String schema = rs.getString(4);
                    String source = "registry:" + id + "/" + version;
                    ContractReader.Result result = ContractReader.read(
                            source,
                            rs.getString(3),
                            Optional.of(id),
                            Optional.of(version),
                            url -> new ContractReader.SchemaFile(source + "/schema", schema));
                    DataContract contract = result.contract()
                            .orElseThrow(() -> new ContractLoadException(
                                    "registered contract " + id + "@" + version, result.problems()));
                    stored.put(contract.coordinates(), new Stored(contract, rs.getString(5)));
                }
            }
        }
        return stored;
    }

    private void insert(Connection connection, List<DataContract> contracts, String pushedBy) throws SQLException {
        if (contracts.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + table
                + " (contract_id, version, status, topic, document, payload_schema, digest, pushed_by) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, coalesce(?, current_user))")) {
            for (DataContract contract : contracts) {
                statement.setString(1, contract.id());
                statement.setString(2, contract.version().toString());
                statement.setString(3, contract.status().value());
                statement.setString(4, contract.topic());
                statement.setString(5, contract.document());
                statement.setString(6, contract.payloadSchema());
                statement.setString(7, ContentDigest.of(contract));
                statement.setString(8, pushedBy);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private void updateStatus(Connection connection, List<DataContract> contracts) throws SQLException {
        if (contracts.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("UPDATE " + table
                + " SET status = ?, document = ?, updated_at = now() WHERE contract_id = ? AND version = ?")) {
            for (DataContract contract : contracts) {
                statement.setString(1, contract.status().value());
                statement.setString(2, contract.document());
                statement.setString(3, contract.id());
                statement.setString(4, contract.version().toString());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private ContractException failure(String what, SQLException e) {
        String hint = "42P01".equals(e.getSQLState())
                ? " (the registry table is missing: run the Waybill migrations, see docs/migrations.md)"
                : "";
        return new ContractException(
                "Could not " + what + " the contract registry " + table.replace("\"", "") + " (SQLState "
                        + e.getSQLState() + "): " + e.getMessage() + hint,
                e);
    }
}
