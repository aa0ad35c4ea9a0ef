package dev.waybill.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.collector.internal.CollectorMetrics;
import dev.waybill.collector.internal.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens from a file or a directory, reloaded when a file changes; a bad reload keeps the tokens in force. */
class TokensTest {

    @TempDir
    Path directory;

    @Test
    void aDirectoryOfTokenFilesIsReloadedWhenAFileChanges() throws Exception {
        Files.writeString(directory.resolve("shop-frontend"), "shop-frontend aaaaaaaaaaaaaaaaaaaa shop.*\n");
        Files.writeString(directory.resolve(".hidden"), "garbage that is not read\n");
        Tokens tokens = new Tokens(directory, new CollectorMetrics("test"));
        assertThat(tokens.producer("aaaaaaaaaaaaaaaaaaaa")).hasValueSatisfying(producer -> {
            assertThat(producer.name()).isEqualTo("shop-frontend");
            assertThat(producer.allows("shop.clicked")).isTrue();
            assertThat(producer.allows("billing.paid")).isFalse();
        });

        Path ml = directory.resolve("ml-service");
        Files.writeString(ml, "# a comment\nml-service bbbbbbbbbbbbbbbbbbbb\n");
        tokens.reloadIfChanged();
        assertThat(tokens.producer("bbbbbbbbbbbbbbbbbbbb"))
                .hasValueSatisfying(p -> assertThat(p.allows("any")).isTrue());

        // Revoked: the file changes again.
        Files.writeString(ml, "ml-service cccccccccccccccccccc\n");
        Files.setLastModifiedTime(ml, FileTime.from(Instant.now().plusSeconds(5)));
        tokens.reloadIfChanged();
        assertThat(tokens.producer("bbbbbbbbbbbbbbbbbbbb")).isEmpty();
        assertThat(tokens.producer("cccccccccccccccccccc")).isPresent();

        // A broken file keeps what was in force.
        Files.writeString(ml, "ml-service\n");
        Files.setLastModifiedTime(ml, FileTime.from(Instant.now().plusSeconds(10)));
        tokens.reloadIfChanged();
        assertThat(tokens.producer("cccccccccccccccccccc")).isPresent();
        assertThat(tokens.producer("aaaaaaaaaaaaaaaaaaaa")).isPresent();
    }
}
