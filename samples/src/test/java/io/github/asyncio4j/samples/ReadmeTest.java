package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keeps {@code README.md} honest (kotlinx {@code knit} style): every code block in it is either
 * the quick start, checked against {@code .ci/run} and the samples' pom, or real code and output of
 * {@code samples/}:
 * <ul>
 *   <li>a {@code java} block must be, verbatim, a region of a sample between
 *       {@code // tag::NAME[]} and {@code // end::NAME[]} (dedented), so it is compiled, and run by
 *       the sample's test;</li>
 *   <li>a {@code text} block must be, verbatim, what one of {@link Tour#SAMPLES} prints on the
 *       virtual-time loop.</li>
 * </ul>
 * Conversely every region whose tag starts with {@code readme} must be in the README.
 * To change an example, change the sample, run this test, and paste what its failure shows.
 */
class ReadmeTest {

    static final String SAMPLES_COMMAND = "./mvnw -B -q -pl samples -am compile exec:java";
    static final String TEST_COMMAND = "./mvnw -B verify";
    /** The compile-only check of the public API against ../shared/design/API.md, which CI runs after the tests. */
    static final String CONTRACT_CHECK = "bash ../shared/contract/check.sh";

    private static final Pattern FENCE = Pattern.compile("^```\\s*([\\w-]*)\\s*$");
    private static final Pattern TAG = Pattern.compile("^\\s*// tag::([\\w-]+)\\[]\\s*$");

    @RegisterExtension
    final Transcript out = new Transcript();

    private static Path root;
    private static List<Block> blocks;

    /** A fenced code block: its info string, its text (each line ending in a newline), its section. */
    record Block(String info, String text, String section, int line) {
        List<String> lines() {
            return text.lines().collect(Collectors.toList());
        }
    }

    @BeforeAll
    static void readReadme() {
        root = projectRoot();
        blocks = codeBlocks(read(root.resolve("README.md")));
    }

    @Test
    @DisplayName("README: the first code block of Quick start is exactly the samples command, then the test command")
    void quickStart() {
        Block first = blocks.stream().filter(b -> b.section().equals("Quick start")).findFirst().orElseThrow(
                () -> new AssertionError("README.md needs a '## Quick start' section with a code block"));
        assertThat(first.lines()).containsExactly(SAMPLES_COMMAND, TEST_COMMAND);
    }

    @Test
    @DisplayName("README: .ci/run runs exactly the Quick start's test command, then the API contract check")
    void ciRunsTheQuickStartTestCommand() {
        List<String> commands = read(root.resolve(".ci/run")).lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")
                        && !line.startsWith("set ") && !line.startsWith("cd "))
                .collect(Collectors.toList());
        assertThat(commands).containsExactly(TEST_COMMAND, CONTRACT_CHECK);
    }

    @Test
    @DisplayName("README: the samples command runs the Tour")
    void samplesCommandRunsTheTour() {
        assertThat(read(root.resolve("samples/pom.xml")))
                .contains("<samples.main>" + Tour.class.getName() + "</samples.main>")
                .contains("<mainClass>${samples.main}</mainClass>");
    }

    @Test
    @DisplayName("README: every java block is a tagged region of a sample, verbatim")
    void javaBlocksAreSampleCode() throws IOException {
        Map<String, String> snippets = taggedSnippets(root.resolve("samples/src/main/java"));
        List<Block> java = blocks.stream().filter(b -> b.info().equals("java")).collect(Collectors.toList());
        assertThat(java).as("java blocks in README.md").isNotEmpty();
        for (Block b : java) {
            assertThat(snippets.values())
                    .as("README.md line %d: a java block must be a '// tag::NAME[]' region of samples/src/main/java, "
                            + "verbatim; the regions are:%n%s", b.line(), snippets)
                    .contains(b.text());
        }
        snippets.forEach((tag, snippet) -> {
            if (tag.startsWith("readme")) {
                assertThat(java).as("the '%s' region of the samples is missing from README.md", tag)
                        .extracting(Block::text).contains(snippet);
            }
        });
    }

    @Test
    @DisplayName("README: every text block is, verbatim, what a sample prints")
    void textBlocksAreSampleOutput() {
        List<String> outputs = new ArrayList<>();
        for (Tour.Sample sample : Tour.SAMPLES) {
            Transcript alone = new Transcript();
            sample.run().accept(out.virtualLoop(), alone);
            outputs.add(alone.lines().stream().map(line -> line + "\n").collect(Collectors.joining()));
        }
        List<Block> text = blocks.stream().filter(b -> b.info().equals("text")).collect(Collectors.toList());
        assertThat(text).as("text blocks in README.md").isNotEmpty();
        for (Block b : text) {
            assertThat(outputs)
                    .as("README.md line %d: a text block must be what a sample prints on the virtual-time loop; "
                            + "the samples print:%n%s", b.line(), String.join("\n", outputs))
                    .contains(b.text());
        }
    }

    @Test
    @DisplayName("README: no code block goes unchecked")
    void everyBlockIsChecked() {
        for (Block b : blocks) {
            boolean quickStart = b.section().equals("Quick start") && b.info().equals("bash");
            assertThat(quickStart || b.info().equals("java") || b.info().equals("text"))
                    .as("README.md line %d: a ```%s block that no test checks; use ```java for sample code, ```text for "
                            + "sample output, or teach ReadmeTest to check it", b.line(), b.info())
                    .isTrue();
        }
    }

    /** The folder holding {@code README.md} and {@code .ci/run}, found upwards from the working directory. */
    static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isRegularFile(p.resolve(".ci/run"))) {
                return p;
            }
        }
        throw new AssertionError("no README.md beside .ci/run above " + Path.of("").toAbsolutePath());
    }

    static List<Block> codeBlocks(String markdown) {
        List<Block> found = new ArrayList<>();
        String section = "";
        String info = null;
        int start = 0;
        StringBuilder text = new StringBuilder();
        List<String> lines = markdown.lines().collect(Collectors.toList());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            if (info == null) {
                if (line.startsWith("## ")) {
                    section = line.substring(3).strip();
                } else if (fence.matches()) {
                    info = fence.group(1);
                    start = i + 1;
                    text.setLength(0);
                }
            } else if (line.strip().equals("```")) {
                found.add(new Block(info, text.toString(), section, start));
                info = null;
            } else {
                text.append(line).append('\n');
            }
        }
        assertThat(info).as("README.md line %d: a code block that is never closed", start).isNull();
        return found;
    }

    /** Every {@code // tag::NAME[]} ... {@code // end::NAME[]} region under {@code dir}, dedented. */
    static Map<String, String> taggedSnippets(Path dir) throws IOException {
        Map<String, String> snippets = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
                List<String> lines = read(file).lines().collect(Collectors.toList());
                for (int i = 0; i < lines.size(); i++) {
                    Matcher tag = TAG.matcher(lines.get(i));
                    if (!tag.matches()) {
                        continue;
                    }
                    String end = "// end::" + tag.group(1) + "[]";
                    int j = i + 1;
                    while (j < lines.size() && !lines.get(j).strip().equals(end)) {
                        j++;
                    }
                    assertThat(j).as("%s: '%s' without '%s'", file, lines.get(i).strip(), end).isLessThan(lines.size());
                    String previous = snippets.put(tag.group(1), dedent(lines.subList(i + 1, j)));
                    assertThat(previous).as("%s: tag '%s' is used twice", file, tag.group(1)).isNull();
                    i = j;
                }
            }
        }
        return snippets;
    }

    static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).map(l -> l + "\n")
                .collect(Collectors.joining());
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
