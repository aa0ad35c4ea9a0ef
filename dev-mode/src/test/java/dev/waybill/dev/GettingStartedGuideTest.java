package dev.waybill.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The guide shows the code of the project that {@code getting-started-it} builds and tests: a file the guide names
 * ({@code `src/.../Checkout.java`:} before a code block) must be that block, and the build section's lines must be the
 * project's POM. So the tested project and what readers copy cannot part.
 */
class GettingStartedGuideTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path PROJECT = ROOT.resolve("getting-started-it/src/it/getting-started");
    private static final Pattern NAMED_BLOCK =
            Pattern.compile("`([^`\\s]+\\.\\w+)`:\\n\\n```\\w*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern XML_BLOCK = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyFileTheGuideShowsIsTheTestedProjectsFile() throws IOException {
        String guide = Files.readString(ROOT.resolve("docs/getting-started.md"));
        Matcher block = NAMED_BLOCK.matcher(guide);
        List<String> compared = new ArrayList<>();
        while (block.find()) {
            Path file = find(block.group(1));
            assertThat(block.group(2)).as(block.group(1)).isEqualTo(Files.readString(file));
            compared.add(block.group(1));
        }

        assertThat(compared).as("files the guide shows").hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void theGuidesBuildSectionIsTheTestedProjectsPom() throws IOException {
        String guide = Files.readString(ROOT.resolve("docs/getting-started.md"));
        String pom = Files.readString(PROJECT.resolve("pom.xml"));
        Matcher block = XML_BLOCK.matcher(guide);

        assertThat(block.find()).as("the guide has its build section").isTrue();
        for (String line : block.group(1).split("\n")) {
            String expected = line.strip();
            if (!expected.isEmpty() && !expected.equals("...")) {
                assertThat(pom.replace("@project.version@", "0.1.0-SNAPSHOT"))
                        .as("the project's pom")
                        .contains(expected);
            }
        }
    }

    private static Path find(String name) throws IOException {
        try (Stream<Path> files = Files.walk(PROJECT)) {
            return files.filter(file -> file.toString().endsWith("/" + name)
                            || PROJECT.relativize(file).toString().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the guide shows " + name + ", which the tested project "
                            + "(getting-started-it/src/it/getting-started) does not have"));
        }
    }
}
