package dev.waybill.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The write section's second table: message mode's cost taken apart against the {@code SELECT 1} floor, the
 * event riding with a business statement ({@code executeWith}), and five events per transaction. Rows from runs before these variants existed render empty cells.
 */
final class WriteExtras {

    private static final List<String> ONE =
            List.of("select-1", "select-envelope", "message-prebuilt", "message", "message-riding");
    private static final List<String> FIVE = List.of("table-5", "message-5", "message-5-each");

    private WriteExtras() {}

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> figures) {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) figures.get("rows");
        boolean any = rows.stream().anyMatch(row -> ((Map<String, Object>) row.get("variants")).containsKey("alone-5"));
        if (!any) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n### Message mode against the floor, riding, and five events\n\n");
        md.append("Ratios as above. `select-envelope`: the event built and its message envelope sent as the ")
                .append("parameter of `SELECT octet_length(?)` (message mode without the WAL record); ")
                .append("`message-prebuilt`: `pg_logical_emit_message` with an envelope built once beforehand ")
                .append("(message mode without building the event); `message-riding`: `OutboxWriter.executeWith`, ")
                .append("the business insert (without `RETURNING`) and the message in one multi-statement prepared ")
                .append(
                        "statement, one round trip. Five registrations per transaction, against five alone (`alone-5`): `table-5` and ")
                .append("`message-5` write the five events with one `writeAll` (outbox-jpa: one flush), ")
                .append("`message-5-each` with five `write` calls.\n\n");
        md.append("| API | writers | select-1 | select-envelope | message-prebuilt | message | message-riding ")
                .append("| alone-5 tx/s | table-5 | message-5 | message-5-each |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> row : rows) {
            Map<String, Map<String, Object>> variants = (Map<String, Map<String, Object>>) row.get("variants");
            md.append("| ").append(row.get("api")).append(" | ").append(((Number) row.get("writers")).intValue());
            ONE.forEach(name -> md.append(" | ").append(ratio(variants.get(name))));
            Map<String, Object> alone = variants.get("alone-5");
            md.append(" | ")
                    .append(
                            alone == null
                                    ? ""
                                    : String.format(Locale.ROOT, "%,d", ((Number) alone.get("tps")).longValue()));
            FIVE.forEach(name -> md.append(" | ").append(ratio(variants.get(name))));
            md.append(" |\n");
        }
        return md.toString();
    }

    private static String ratio(Map<String, Object> figures) {
        return figures == null ? "" : String.format(Locale.ROOT, "%.2f", ((Number) figures.get("ratio")).doubleValue());
    }
}
