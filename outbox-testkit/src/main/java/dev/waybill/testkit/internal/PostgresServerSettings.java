package dev.waybill.testkit.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Server settings every testkit PostgreSQL runs with, whichever backend starts it. */
final class PostgresServerSettings {

    private PostgresServerSettings() {}

    static Map<String, String> all() {
        Map<String, String> settings = new LinkedHashMap<>();
        // Logical decoding for the relay; enough slots and senders for many test classes at once.
        settings.put("wal_level", "logical");
        settings.put("max_replication_slots", "64");
        settings.put("max_wal_senders", "64");
        settings.put("max_connections", "300");
        // Durability is not under test and fsync dominates commit time on shared CI disks. WAL is still
        // flushed in PostgreSQL's own bookkeeping, so the walsender streams commits as soon as they happen.
        settings.put("fsync", "off");
        settings.put("full_page_writes", "off");
        // The zonky binaries default to synchronous_commit=off; production runs with on. Off would add up to
        // wal_writer_delay (200 ms) to every event's latency: the walsender ships only flushed WAL.
        settings.put("synchronous_commit", "on");
        return settings;
    }
}
