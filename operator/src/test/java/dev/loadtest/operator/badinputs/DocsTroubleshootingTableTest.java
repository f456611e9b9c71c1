package dev.loadtest.operator.badinputs;

import dev.loadtest.testcluster.ProjectLayout;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/troubleshooting.md and the tests agree: every row names a test that exists (a test method, or a named case of
 * a table-driven test), every named case of the table-driven bad-input tests has a row, and the bad-input tables
 * (all before "During a run") hold as many rows as the page says, at least 40.
 */
class DocsTroubleshootingTableTest {

    static final Path ROOT = ProjectLayout.repositoryRoot();
    static final Path PAGE = ROOT.resolve("docs/troubleshooting.md");
    /** {@code Class.method} or {@code Class[case]}, in backticks. */
    static final Pattern REFERENCE = Pattern.compile("`([A-Z][A-Za-z0-9]*)(?:\\.([a-z][A-Za-z0-9]*)|\\[([A-Za-z0-9-]+)])`");
    /** The table-driven tests and how their cases are named in their source. */
    static final Map<String, Pattern> CASES = Map.of(
            "SchemaRejectionIT", Pattern.compile("new BadManifest\\(\"([^\"]+)\""),
            "BadSpecsE2E", Pattern.compile("new BadSpec\\(\"([^\"]+)\""));

    /** The page's sections by heading, each as its table rows (header and separator rows left out). */
    static Map<String, List<String>> rowsBySection() throws IOException {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(PAGE);
        String heading = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean headerRow = i + 1 < lines.size() && lines.get(i + 1).startsWith("|---");
            if (line.startsWith("## ")) {
                heading = line.substring(3);
                sections.put(heading, new ArrayList<>());
            } else if (line.startsWith("|") && !line.startsWith("|---") && !headerRow && sections.containsKey(heading)) {
                sections.get(heading).add(line);
            }
        }
        return sections;
    }

    static List<String> badInputRows() throws IOException {
        List<String> rows = new ArrayList<>();
        for (var section : rowsBySection().entrySet()) {
            if (section.getKey().startsWith("During a run")) {
                break;
            }
            rows.addAll(section.getValue());
        }
        return rows;
    }

    @Test
    void theBadInputTablesHoldAtLeast40RowsAndThePageSaysHowMany() throws IOException {
        List<String> rows = badInputRows();
        Matcher stated = Pattern.compile("Bad inputs: \\*\\*(\\d+)\\*\\*").matcher(Files.readString(PAGE));
        assertThat(stated.find()).as("the page states its count as 'Bad inputs: **N**'").isTrue();
        assertThat(rows).hasSize(Integer.parseInt(stated.group(1))).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void everyRowNamesATestThatExists() throws IOException {
        List<String> problems = new ArrayList<>();
        for (var section : rowsBySection().entrySet()) {
            for (String row : section.getValue()) {
                String[] cells = row.split("(?<!\\\\)\\|");
                String testCell = cells[cells.length - 1].isBlank() ? cells[cells.length - 2] : cells[cells.length - 1];
                Matcher m = REFERENCE.matcher(testCell);
                boolean any = false;
                while (m.find()) {
                    any = true;
                    problems.addAll(check(m));
                }
                if (!any) {
                    problems.add("no test named in: " + row);
                }
            }
        }
        Matcher scale = REFERENCE.matcher(Files.readString(PAGE).substring(Files.readString(PAGE).indexOf("## At scale")));
        while (scale.find()) {
            problems.addAll(check(scale));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyCaseOfTheTableDrivenTestsHasItsRow() throws IOException {
        String page = Files.readString(PAGE);
        for (var table : CASES.entrySet()) {
            String source = Files.readString(source(table.getKey()).orElseThrow());
            Matcher m = table.getValue().matcher(source);
            List<String> cases = new ArrayList<>();
            while (m.find()) {
                cases.add(m.group(1));
            }
            assertThat(cases).as(table.getKey() + "'s cases").isNotEmpty();
            assertThat(cases).as("cases of " + table.getKey() + " without a row in " + PAGE)
                    .allSatisfy(c -> assertThat(page).contains("`" + table.getKey() + "[" + c + "]`"));
        }
    }

    private static List<String> check(Matcher reference) throws IOException {
        String type = reference.group(1);
        Optional<Path> file = source(type);
        if (file.isEmpty()) {
            return List.of("no test class " + type + " for `" + reference.group() + "`");
        }
        String source = Files.readString(file.get());
        if (reference.group(2) != null && !source.contains("void " + reference.group(2) + "(")) {
            return List.of(type + " has no test method " + reference.group(2));
        }
        if (reference.group(3) != null && (!CASES.containsKey(type) || !CASES.get(type).matcher(source).results()
                .anyMatch(r -> r.group(1).equals(reference.group(3))))) {
            return List.of(type + " has no case named " + reference.group(3));
        }
        return List.of();
    }

    /** The test class's source file, in any module. */
    static Optional<Path> source(String type) {
        try (Stream<Path> files = Stream.of("api", "runner-image", "operator", "test-cluster")
                .map(m -> ROOT.resolve(m).resolve("src/test/java")).filter(Files::isDirectory)
                .flatMap(DocsTroubleshootingTableTest::walk)) {
            return files.filter(p -> p.getFileName().toString().equals(type + ".java")).findFirst();
        }
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
