package dev.waybill.testkit;

/**
 * A running PostgreSQL server with logical replication enabled ({@code wal_level=logical}, {@code pgoutput}),
 * shared by every test in the JVM. Tests never use its databases directly: each asks for its own with
 * {@link #createDatabase(String)} so that tests can run in any order.
 */
public interface TestPostgres {

    /** Where the server came from: {@code embedded}, {@code container} or {@code external}. */
    String backend();

    String host();

    int port();

    /** A user that may create databases and replication slots. */
    String username();

    String password();

    /** The server's major version, for example {@code 17}. */
    int majorVersion();

    /** A JDBC URL for the named database on this server. */
    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /**
     * Creates a new, empty database whose name starts with a sanitized form of {@code nameHint} and is unique on
     * this server.
     */
    TestDatabase createDatabase(String nameHint);
}
