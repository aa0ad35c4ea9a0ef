package dev.waybill.spring.boot.autoconfigure;

import dev.waybill.outbox.OutboxTable;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.outbox.WaybillException;
import dev.waybill.outbox.WriteListener;
import dev.waybill.spring.boot.TransactionalOutbox;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * The outbox writer and the {@link TransactionalOutbox} over the application's {@link DataSource}. Backs off when
 * the application defines its own {@link OutboxWriter} or {@link TransactionalOutbox}, and when {@code
 * waybill.outbox.enabled=false}.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        after = WaybillMetricsAutoConfiguration.class)
@ConditionalOnClass({OutboxWriter.class, DataSourceUtils.class})
@ConditionalOnBean(DataSource.class)
@ConditionalOnBooleanProperty(name = "waybill.outbox.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WaybillProperties.class)
public class WaybillAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OutboxWriter outboxWriter(WaybillProperties properties, ObjectProvider<WriteListener> listeners) {
        WaybillProperties.Outbox outbox = properties.getOutbox();
        OutboxTable table;
        try {
            table = new OutboxTable(outbox.getSchema(), outbox.getTable());
        } catch (WaybillException e) {
            throw new WaybillException("waybill.outbox.schema / waybill.outbox.table: " + e.getMessage(), e);
        }
        List<WriteListener> all = listeners.orderedStream().toList();
        WriteListener listener = all.size() == 1
                ? all.get(0)
                : (events, mode, nanos) -> all.forEach(each -> each.written(events, mode, nanos));
        return OutboxWriter.forTable(table).withMode(outbox.getWriteMode()).withListener(listener);
    }

    @Bean
    @ConditionalOnMissingBean
    TransactionalOutbox transactionalOutbox(DataSource dataSource, OutboxWriter outboxWriter) {
        return new TransactionalOutbox(dataSource, outboxWriter);
    }
}
