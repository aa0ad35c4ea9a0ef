package dev.waybill.relay.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

/**
 * Debezium's offsets (the relay's position in the WAL) in the outbox's own database, table {@code relay_offsets},
 * so the sidecar needs no file and no Kafka topic for its state. Debezium writes them only after the relay
 * acknowledged every record up to that position.
 *
 * <p>The relay stores its position after every batch, so a store must cost one round trip: the connection stays open
 * (on the store's own thread, reopened after a failure), and its commits do not wait for the WAL flush. That is safe
 * because every position written is one Kafka acknowledged: a database crash that loses the last stores only moves
 * the position back to an earlier acknowledged one, which replays a little more and loses nothing.
 */
public final class PostgresOffsetStore extends MemoryOffsetBackingStore {

    static final String URL = "waybill.offsets.url";
    static final String USER = "waybill.offsets.user";
    static final String PASSWORD = "waybill.offsets.password";
    static final String TABLE = "waybill.offsets.table";
    static final String NAME = "waybill.offsets.name";

    private static final ObjectMapper JSON = new ObjectMapper();

    private String url;
    private Properties credentials;
    private String table;
    private String name;
    /** Used only by {@link #save()}, which runs on the store's single thread; {@code null} until needed. */
    private Connection connection;

    private PreparedStatement upsert;

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        Map<String, Object> originals = config.originals();
        url = (String) originals.get(URL);
        credentials = new Properties();
        if (originals.get(USER) != null) {
            credentials.setProperty("user", (String) originals.get(USER));
        }
        if (originals.get(PASSWORD) != null) {
            credentials.setProperty("password", (String) originals.get(PASSWORD));
        }
        credentials.setProperty("ApplicationName", "waybill-relay-offsets");
        table = (String) originals.get(TABLE);
        name = (String) originals.get(NAME);
    }

    @Override
    public synchronized void start() {
        super.start();
        data = load();
    }

    /** The offsets stored for {@code relayName}, to tell a first start from a restart. */
    static boolean hasOffsets(Connection connection, String table, String relayName) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT 1 FROM " + table + " WHERE relay_name = ? LIMIT 1")) {
            statement.setString(1, relayName);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private Map<ByteBuffer, ByteBuffer> load() {
        Map<ByteBuffer, ByteBuffer> loaded = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(url, credentials);
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT offset_key, offset_value FROM " + table + " WHERE relay_name = ?")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    byte[] value = rs.getBytes(2);
                    loaded.put(ByteBuffer.wrap(rs.getBytes(1)), value == null ? null : ByteBuffer.wrap(value));
                }
            }
        } catch (SQLException e) {
            throw new ConnectException("Cannot read the relay's offsets from " + table + ": " + e.getMessage(), e);
        }
        return loaded;
    }

    @Override
    protected void save() {
        try {
            PreparedStatement statement = upsert();
            for (Map.Entry<ByteBuffer, ByteBuffer> entry : data.entrySet()) {
                statement.setString(1, name);
                statement.setBytes(2, bytes(entry.getKey()));
                statement.setBytes(3, entry.getValue() == null ? null : bytes(entry.getValue()));
                statement.addBatch();
            }
            statement.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            // Debezium retries the commit with the next batch; the WAL stays retained meanwhile, so nothing is lost.
            // The connection may be broken: the next store opens a new one.
            ConnectException failure =
                    new ConnectException("Cannot store the relay's offsets in " + table + ": " + e.getMessage(), e);
            disconnect(failure);
            throw failure;
        }
    }

    private PreparedStatement upsert() throws SQLException {
        if (connection == null) {
            connection = DriverManager.getConnection(url, credentials);
            try (java.sql.Statement session = connection.createStatement()) {
                // The position only needs to be durable eventually (see the class comment): no WAL flush per batch.
                session.execute("SET synchronous_commit = off");
            }
            connection.setAutoCommit(false);
            upsert = connection.prepareStatement("INSERT INTO " + table
                    + " (relay_name, offset_key, offset_value) VALUES (?, ?, ?) ON CONFLICT (relay_name, "
                    + "offset_key) DO UPDATE SET offset_value = EXCLUDED.offset_value, updated_at = now()");
        }
        return upsert;
    }

    /** Closes the connection; a failure to close is added to {@code cause}, the error being reported. */
    private void disconnect(Exception cause) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
        connection = null;
        upsert = null;
    }

    @Override
    public synchronized void stop() {
        super.stop(); // waits for the store's thread, the connection's only user, to finish
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new ConnectException("Cannot close the connection of the relay's offsets: " + e.getMessage(), e);
            } finally {
                connection = null;
                upsert = null;
            }
        }
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        Set<Map<String, Object>> partitions = new HashSet<>();
        for (ByteBuffer key : data.keySet()) {
            try {
                JsonNode parsed = JSON.readTree(bytes(key));
                if (parsed.isArray()
                        && parsed.size() == 2
                        && connectorName.equals(parsed.get(0).asText())) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> partition = JSON.convertValue(parsed.get(1), Map.class);
                    partitions.add(partition);
                }
            } catch (java.io.IOException e) {
                throw new ConnectException("Unreadable offset key in " + table, e);
            }
        }
        return partitions;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
