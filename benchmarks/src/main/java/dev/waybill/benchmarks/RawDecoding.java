package dev.waybill.benchmarks;

import dev.waybill.testkit.TestDatabase;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

/**
 * The decoding ceiling: the slot's pgoutput stream read with nothing done to it, as {@code pg_recvlogical} would.
 * Counts inserts (or, for a backlog of logical decoding messages, messages) until the backlog is through.
 */
final class RawDecoding {

    private RawDecoding() {}

    /** Seconds from the first message to the last insert of the backlog. */
    static double drain(TestDatabase database, String slot, String publication, int events, boolean messages)
            throws Exception {
        Properties properties = new Properties();
        PGProperty.USER.set(properties, database.username());
        PGProperty.PASSWORD.set(properties, database.password());
        PGProperty.REPLICATION.set(properties, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
        PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), properties)) {
            PGReplicationStream stream = connection
                    .unwrap(PGConnection.class)
                    .getReplicationAPI()
                    .replicationStream()
                    .logical()
                    .withSlotName(slot)
                    .withSlotOption("proto_version", 1)
                    .withSlotOption("publication_names", publication)
                    .withSlotOption("messages", messages)
                    .withStatusInterval(1, TimeUnit.SECONDS)
                    .start();
            long first = 0;
            int inserts = 0;
            byte wanted = (byte) (messages ? 'M' : 'I');
            while (inserts < events) {
                ByteBuffer message = stream.read();
                if (first == 0) {
                    first = System.nanoTime();
                }
                if (message.get(message.position()) == wanted) {
                    inserts++;
                }
            }
            double seconds = (System.nanoTime() - first) / 1e9;
            stream.setFlushedLSN(stream.getLastReceiveLSN());
            stream.forceUpdateStatus();
            stream.close();
            return seconds;
        }
    }
}
