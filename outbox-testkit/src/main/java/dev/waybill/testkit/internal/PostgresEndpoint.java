package dev.waybill.testkit.internal;

/**
 * Where a started PostgreSQL listens and how to log in as a user that may create databases and replication slots.
 *
 * @param stopper stops the server if the testkit started it; a no-op for an external server
 */
public record PostgresEndpoint(
        String backend, String host, int port, String username, String password, AutoCloseable stopper) {}
