package dev.waybill.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fingerprint the relay and the collector's validator compare to reload contracts. */
class ContractDirectoryFingerprintTest {

    @TempDir
    Path directory;

    @Test
    void changesWhenAFileIsAddedOrChanged() throws Exception {
        ContractDirectory contracts = ContractDirectory.at(directory);
        String empty = contracts.fingerprint();
        Files.createDirectories(directory.resolve("a"));
        Files.writeString(directory.resolve("a/1.0.0.schema.json"), "{}");
        String one = contracts.fingerprint();
        assertThat(one).isNotEqualTo(empty).isEqualTo(contracts.fingerprint());
        Files.writeString(directory.resolve("a/1.0.0.schema.json"), "{\"type\":\"object\"}");
        assertThat(contracts.fingerprint()).isNotEqualTo(one);
    }

    @Test
    void aMissingDirectoryIsAContractException() {
        assertThatThrownBy(
                        () -> ContractDirectory.at(directory.resolve("missing")).fingerprint())
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("cannot list");
    }
}
