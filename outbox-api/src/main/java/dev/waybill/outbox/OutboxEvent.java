package dev.waybill.outbox;

import dev.waybill.outbox.internal.JsonObjectSyntax;
import dev.waybill.outbox.internal.UuidV7;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One analytical event, as written to the outbox and published to its contract's Kafka topic.
 *
 * <p>Every value is checked when the event is built, so a bad event fails in the code that made it, not later in
 * the database or the relay. Build one with {@link #builder()}:
 *
 * <pre>{@code
 * OutboxEvent event = OutboxEvent.builder()
 *         .contract("orders.order-placed").schemaVersion("1.0.0")
 *         .aggregate("order", order.id())
 *         .payload(json)
 *         .header("traceparent", traceparent)
 *         .build();
 * }</pre>
 *
 * @param id the event id consumers deduplicate on: a time-ordered UUIDv7, new unless given
 * @param contract the data contract's id
 * @param schemaVersion the contract version the payload follows, in semver ({@code 1.2.0})
 * @param aggregateType the kind of thing the event is about, for example {@code order}
 * @param aggregateId which one; the Kafka record key, so events of one aggregate stay in order
 * @param eventType what happened; defaults to the contract id
 * @param payload the event body: one JSON object. Stored as {@code jsonb}, so what reaches Kafka is PostgreSQL's
 *     normal form of it (same values; key order and white space may differ)
 * @param headers string headers that travel with the event, for example W3C {@code traceparent}
 * @param occurredAt when it happened, with microsecond precision (PostgreSQL's); defaults to now
 */
public record OutboxEvent(
        UUID id,
        String contract,
        String schemaVersion,
        String aggregateType,
        String aggregateId,
        String eventType,
        String payload,
        Map<String, String> headers,
        Instant occurredAt) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]*");
    private static final int MAX_NAME_LENGTH = 255;

    public OutboxEvent {
        if (id == null) {
            throw new InvalidEventException("id", "is missing");
        }
        if (id.version() != 7) {
            // Retention reads a row's write time from its id; a random (v4) id would be judged by random bits.
            throw new InvalidEventException(
                    "id",
                    "'" + id + "' is a version " + id.version() + " UUID; event ids "
                            + "are UUIDv7 (RFC 9562), whose first 48 bits are the write time: leave the id unset to get a "
                            + "new one");
        }
        requireName("contract", contract);
        if (!SemanticVersion.isValid(schemaVersion)) {
            throw new InvalidEventException(
                    "schemaVersion",
                    "'" + schemaVersion + "' is not a semantic version (MAJOR.MINOR.PATCH, for example 1.0.0)");
        }
        requireName("aggregateType", aggregateType);
        requireText("aggregateId", aggregateId);
        requireName("eventType", eventType);
        JsonObjectSyntax.problem(payload).ifPresent(problem -> {
            throw new InvalidEventException("payload", problem);
        });
        headers = copyHeaders(headers);
        if (occurredAt == null) {
            throw new InvalidEventException("occurredAt", "is missing");
        }
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's values, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder()
                .id(id)
                .contract(contract)
                .schemaVersion(schemaVersion)
                .aggregate(aggregateType, aggregateId)
                .eventType(eventType)
                .payload(payload)
                .headers(headers)
                .occurredAt(occurredAt);
    }

    /** The payload's size in bytes as UTF-8, which is what Kafka's size limits count. */
    public int payloadSize() {
        return payload.getBytes(StandardCharsets.UTF_8).length;
    }

    // Payloads and header values may carry personal data; logs get their shape, not their content.
    @Override
    public String toString() {
        return "OutboxEvent[id=" + id + ", contract=" + contract + ", schemaVersion=" + schemaVersion
                + ", aggregate=" + aggregateType + "/" + aggregateId + ", eventType=" + eventType
                + ", payload=" + payload.length() + " chars, headers=" + headers.keySet()
                + ", occurredAt=" + occurredAt + "]";
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(field, value == null ? "is missing" : "must not be blank");
        }
        if (value.length() > MAX_NAME_LENGTH) {
            throw new InvalidEventException(
                    field, "is " + value.length() + " characters long; at most " + MAX_NAME_LENGTH + " are allowed");
        }
        if (value.indexOf('\0') >= 0) {
            throw new InvalidEventException(field, "must not contain U+0000 (PostgreSQL text cannot store it)");
        }
    }

    private static void requireName(String field, String value) {
        requireText(field, value);
        if (!NAME.matcher(value).matches()) {
            throw new InvalidEventException(
                    field,
                    "'" + value + "' is not a name: use letters, digits and . _ : / -,"
                            + " starting with a letter or digit");
        }
    }

    private static Map<String, String> copyHeaders(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (name == null || name.isBlank()) {
                throw new InvalidEventException("headers", "a header name is blank");
            }
            if (value == null) {
                throw new InvalidEventException("headers", "header '" + name + "' has no value");
            }
            if (name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw new InvalidEventException("headers", "header '" + name + "' contains U+0000");
            }
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    /** Builds an {@link OutboxEvent}; {@code id}, {@code eventType}, {@code headers} and {@code occurredAt} have defaults. */
    public static final class Builder {
        private UUID id;
        private String contract;
        private String schemaVersion;
        private String aggregateType;
        private String aggregateId;
        private String eventType;
        private String payload;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Instant occurredAt;

        private Builder() {}

        /** Sets the event id (a UUIDv7); use only to re-create a known event. New events get a fresh one. */
        public Builder id(UUID id) {
            this.id = id;
            return this;
        }

        public Builder contract(String contract) {
            this.contract = contract;
            return this;
        }

        public Builder schemaVersion(String schemaVersion) {
            this.schemaVersion = schemaVersion;
            return this;
        }

        public Builder aggregate(String aggregateType, String aggregateId) {
            this.aggregateType = aggregateType;
            this.aggregateId = aggregateId;
            return this;
        }

        public Builder aggregateType(String aggregateType) {
            this.aggregateType = aggregateType;
            return this;
        }

        public Builder aggregateId(String aggregateId) {
            this.aggregateId = aggregateId;
            return this;
        }

        public Builder eventType(String eventType) {
            this.eventType = eventType;
            return this;
        }

        /** The payload: one JSON object, as text. */
        public Builder payload(String payload) {
            this.payload = payload;
            return this;
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Builder headers(Map<String, String> headers) {
            this.headers.clear();
            this.headers.putAll(Objects.requireNonNull(headers, "headers"));
            return this;
        }

        public Builder occurredAt(Instant occurredAt) {
            this.occurredAt = occurredAt;
            return this;
        }

        public OutboxEvent build() {
            return new OutboxEvent(
                    id != null ? id : UuidV7.next(),
                    contract,
                    schemaVersion,
                    aggregateType,
                    aggregateId,
                    eventType != null ? eventType : contract,
                    payload,
                    headers,
                    occurredAt != null ? occurredAt : Instant.now());
        }
    }
}
