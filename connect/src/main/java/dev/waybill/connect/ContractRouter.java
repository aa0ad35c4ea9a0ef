package dev.waybill.connect;

import dev.waybill.connect.internal.RouterSettings;
import dev.waybill.connect.internal.RoutingStage;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.metrics.Monitorable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Routes the outbox events in the records of Debezium's PostgreSQL connector to their contracts' topics, or to a
 * dead-letter topic with the reason, exactly as the relay does. Other records (other tables, heartbeats) are dropped
 * or passed through ({@code non.outbox.records}). Contracts come from a directory or the registry table and reload
 * without restarting the task. Metrics go through Connect's own metrics (JMX): see {@code docs/connect.md}.
 *
 * <pre>
 * transforms=waybill
 * transforms.waybill.type=dev.waybill.connect.ContractRouter
 * transforms.waybill.contracts.directory=/etc/waybill/contracts
 * key.converter=org.apache.kafka.connect.converters.ByteArrayConverter
 * value.converter=org.apache.kafka.connect.converters.ByteArrayConverter
 * header.converter=org.apache.kafka.connect.converters.ByteArrayConverter
 * </pre>
 *
 * @param <R> the record type: Connect gives a source connector's transforms {@code SourceRecord}s
 */
public final class ContractRouter<R extends ConnectRecord<R>> implements Transformation<R>, Versioned, Monitorable {

    private RoutingStage stage;
    private PluginMetrics metrics;

    /** The transform's settings, with their types, defaults, checks and documentation. */
    @Override
    public ConfigDef config() {
        return RouterSettings.definition();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        stage = RoutingStage.start(new RouterSettings(configs));
        if (metrics != null) {
            stage.metrics(metrics);
        }
    }

    @Override
    public void withPluginMetrics(PluginMetrics metrics) {
        this.metrics = metrics;
        if (stage != null) {
            stage.metrics(metrics);
        }
    }

    @Override
    public R apply(R record) {
        return stage.apply(record);
    }

    @Override
    public void close() {
        if (stage != null) {
            stage.close();
        }
    }

    @Override
    public String version() {
        return RoutingStage.version();
    }
}
