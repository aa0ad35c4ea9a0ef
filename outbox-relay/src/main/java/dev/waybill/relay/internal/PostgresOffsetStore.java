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
        try (Connection connection = DriverManager.getConnection(url, credentials);
                PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + table
                        + " (relay_name, offset_key, offset_value) VALUES (?, ?, ?) ON CONFLICT (relay_name, "
                        + "offset_key) DO UPDATE SET offset_value = EXCLUDED.offset_value, updated_at = now()")) {
            connection.setAutoCommit(false);
            for (Map.Entry<ByteBuffer, ByteBuffer> entry : data.entrySet()) {
                upsert.setString(1, name);
                upsert.setBytes(2, bytes(entry.getKey()));
                upsert.setBytes(3, entry.getValue() == null ? null : bytes(entry.getValue()));
                upsert.addBatch();
            }
            upsert.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            // Debezium retries the commit later; the WAL stays retained meanwhile, so nothing is lost.
            throw new ConnectException("Cannot store the relay's offsets in " + table + ": " + e.getMessage(), e);
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
