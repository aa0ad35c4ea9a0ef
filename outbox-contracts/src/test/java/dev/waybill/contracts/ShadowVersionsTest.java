package dev.waybill.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which version a proposed version is checked in shadow of, and the check itself. */
class ShadowVersionsTest {

    private static final String ID = "orders.placed";
    private static final String WITH_EMAIL = """
            "orderId": {"type": "string"}, "email": {"type": "string"}""";
    private static final String WITHOUT_EMAIL = """
            "orderId": {"type": "string"}""";

    @TempDir
    Path dir;

    private ContractFiles files() {
        return new ContractFiles(dir);
    }

    private static ContractFiles version(ContractFiles files, String version, String status, String properties) {
        return files.version(ID, version, status, ID + ".v" + version.charAt(0), properties, "\"orderId\"", "");
    }

    private static List<String> versions(List<DataContract> contracts) {
        return contracts.stream().map(contract -> contract.version().toString()).toList();
    }

    @Test
    void aProposedVersionShadowsTheHighestPublishedVersionBelowItInItsGroup() {
        ContractFiles files = files();
        version(files, "1.0.0", "deprecated", WITH_EMAIL);
        version(files, "1.1.0", "active", WITH_EMAIL);
        version(files, "1.2.0", "proposed", WITHOUT_EMAIL);
        version(files, "1.3.0", "proposed", WITHOUT_EMAIL);
        version(files, "1.4.0", "draft", WITHOUT_EMAIL);
        version(files, "2.0.0", "proposed", WITHOUT_EMAIL);
        ContractCatalog catalog = files.load();

        assertThat(catalog.shadowedBy(catalog.find(ID, "1.2.0").orElseThrow()))
                .map(contract -> contract.version().toString())
                .contains("1.1.0");
        // Several proposed versions each shadow on their own, here the same version.
        assertThat(versions(catalog.shadowing(ID, "1.1.0"))).containsExactly("1.2.0", "1.3.0");
        // A new major is written by new producers: the old version's events say nothing about it.
        assertThat(catalog.shadowedBy(catalog.find(ID, "2.0.0").orElseThrow())).isEmpty();
        assertThat(catalog.shadowedBy(catalog.find(ID, "1.4.0").orElseThrow()))
                .as("a draft is not shadowed")
                .isEmpty();
        assertThat(catalog.shadowing(ID, "1.0.0")).isEmpty();
        assertThat(versions(catalog.shadowed())).containsExactly("1.2.0", "1.3.0");
    }

    @Test
    void aProposedPatchOfAnOlderVersionShadowsThatVersionAndRetiredVersionsAreNeverShadowed() {
        ContractFiles files = files();
        version(files, "1.0.0", "retired", WITH_EMAIL);
        version(files, "1.0.5", "proposed", WITHOUT_EMAIL);
        version(files, "1.1.0", "active", WITH_EMAIL);
        version(files, "1.1.1", "proposed", WITHOUT_EMAIL);
        ContractCatalog catalog = files.load();

        assertThat(catalog.shadowedBy(catalog.find(ID, "1.0.5").orElseThrow())).isEmpty();
        assertThat(versions(catalog.shadowing(ID, "1.1.0"))).containsExactly("1.1.1");
    }

    @Test
    void eachShadowingVersionGetsItsVerdictAndTheEventsOwnResultIsUnchanged() {
        ContractFiles files = files();
        version(files, "1.1.0", "active", WITH_EMAIL);
        version(files, "1.2.0", "proposed", WITHOUT_EMAIL);
        ContractCatalog catalog = files.load();
        List<ShadowResult> shadows = new ArrayList<>();

        ValidationResult withEmail =
                catalog.validate(ID, "1.1.0", "{\"orderId\":\"o-1\",\"email\":\"jane@example.com\"}", shadows::add);
        ValidationResult withoutEmail = catalog.validate(ID, "1.1.0", "{\"orderId\":\"o-2\"}", shadows::add);
        ValidationResult notJson = catalog.validate(ID, "1.1.0", "{\"orderId\":", shadows::add);

        assertThat(withEmail.valid()).isTrue();
        assertThat(withoutEmail.valid()).isTrue();
        assertThat(notJson).isInstanceOf(ValidationResult.MalformedPayload.class);
        assertThat(shadows).hasSize(3);
        assertThat(shadows.get(0).wouldPass()).isFalse();
        assertThat(shadows.get(0).shadowedAccepts()).isTrue();
        assertThat(((ValidationResult.Rejected) shadows.get(0).result()).pointer())
                .isEqualTo("/email");
        assertThat(shadows.get(0)
                        .result()
                        .knownContract()
                        .orElseThrow()
                        .version()
                        .toString())
                .isEqualTo("1.2.0");
        assertThat(shadows.get(1).wouldPass()).isTrue();
        assertThat(shadows.get(2).result()).isInstanceOf(ValidationResult.MalformedPayload.class);
        assertThat(shadows.get(2).shadowedAccepts()).isFalse();
        assertThat(((ValidationResult.Rejected) shadows.get(2).result()).message())
                .isEqualTo(((ValidationResult.Rejected) notJson).message());
    }

    @Test
    void versionsNobodyShadowsAreCheckedOnceAndTheProposedVersionStaysNotActiveForItsOwnEvents() {
        ContractFiles files = files();
        version(files, "1.1.0", "active", WITH_EMAIL);
        version(files, "1.2.0", "proposed", WITHOUT_EMAIL);
        ContractCatalog catalog = files.load();
        List<ShadowResult> shadows = new ArrayList<>();

        ValidationResult own = catalog.validate(ID, "1.2.0", "{\"orderId\":\"o-1\"}", shadows::add);
        ValidationResult unknown = catalog.validate(ID, "9.9.9", "{\"orderId\":\"o-1\"}", shadows::add);

        assertThat(own).isInstanceOf(ValidationResult.NotYetActive.class);
        assertThat(unknown).isInstanceOf(ValidationResult.UnknownVersion.class);
        assertThat(shadows).isEmpty();
        assertThat(catalog.acceptingDrafts().shadowing(ID, "1.1.0"))
                .as("a development catalog shadows too")
                .hasSize(1);
    }
}
