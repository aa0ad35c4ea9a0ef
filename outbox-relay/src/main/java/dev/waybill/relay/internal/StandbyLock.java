package dev.waybill.relay.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The stream's lock: a session-level advisory lock on a connection of its own, which PostgreSQL releases when the
 * session ends, however it ends. The session is tuned so that both sides notice a dead peer within seconds, the
 * relay first: it gives up after {@link #NETWORK_TIMEOUT} without an answer, while PostgreSQL (keepalives and
 * {@code tcp_user_timeout}) keeps the session for at least {@link #SERVER_RELEASE} after the last packet it received.
 */
final class StandbyLock implements Leadership.Lock {

    /** How long the relay waits for an answer on the lock session before it counts the lock as lost. */
    static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(1);

    /**
     * The earliest PostgreSQL ends a session whose peer went silent: the first keepalive after 2 s idle, and the
     * connection dropped at 4 s (user timeout, or the second unanswered probe where the user timeout is unsupported).
     * Data the server sent and the peer never acknowledged also drops it at 4 s.
     */
    static final Duration SERVER_RELEASE = Duration.ofSeconds(4);

    private static final String SESSION_SETTINGS = "SET tcp_keepalives_idle = 2; SET tcp_keepalives_interval = 1; "
            + "SET tcp_keepalives_count = 2; SET tcp_user_timeout = " + SERVER_RELEASE.toMillis();

    private final DataSource database;
    private final long key;
    private Connection session;

    StandbyLock(DataSource database, String slot) {
        this.database = database;
        this.key = key(slot);
    }

    /**
     * The advisory lock key of the relays streaming from {@code slot}: the first 8 bytes of SHA-256 of
     * {@code waybill-relay:<slot>}. The slot, not the relay name, is what only one client may stream from (two
     * relay names configured with one slot share the lock); the prefix keeps clear of the application's own keys.
     */
    static long key(String slot) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("waybill-relay:" + slot).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    @Override
    public boolean tryAcquire() throws SQLException {
        if (session == null) {
            session = open();
        }
        try (PreparedStatement statement = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Override
    public void confirm() throws SQLException {
        // The session alive is not enough in principle (a pooler between relay and database would hand out another
        // session): ask whether this very session holds the lock. pg_locks shows a bigint key as classid and objid.
        try (PreparedStatement statement = session.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_locks "
                + "WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted AND objsubid = 1 "
                + "AND (classid::bigint << 32 | objid::bigint) = ?)")) {
            statement.setLong(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new SQLException("the session no longer holds the stream's advisory lock");
                }
            }
        }
    }

    private Connection open() throws SQLException {
        Connection connection = database.getConnection();
        try {
            connection.setAutoCommit(true);
            connection.setNetworkTimeout(Runnable::run, (int) NETWORK_TIMEOUT.toMillis());
            try (Statement statement = connection.createStatement()) {
                statement.execute(SESSION_SETTINGS);
            }
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                // Closing a broken session: the server ends it (and releases the lock) by itself.
            }
            session = null;
        }
    }
}
