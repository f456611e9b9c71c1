package dev.loadtest;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/guide is written for a team coming from Locust, in the shape of its own docs site. Its examples are
 * tests: every page has front matter a docs site orders by (a distinct integer {@code sidebar_position} and a
 * title), every Java snippet that declares a class compiles against the packaged loadfile API jar alone (as
 * {@link LoadfileApiJarIT} does for docs/examples), and every relative link points to a file that exists.
 */
class DocsGuideIT {

    private static final Path GUIDE = Path.of("..", "docs", "guide");
    private static final Pattern FRONT_MATTER = Pattern.compile("\\A---\\n(.*?)\\n---\\n", Pattern.DOTALL);
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PUBLIC_CLASS = Pattern.compile("(?m)^public\\s+(?:abstract\\s+|final\\s+)*class\\s+(\\w+)");
    private static final Pattern ANY_CLASS = Pattern.compile("(?m)^(?:public\\s+)?(?:abstract\\s+|final\\s+)*class\\s+(\\w+)");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    static List<Path> pages() throws IOException {
        try (Stream<Path> list = Files.list(GUIDE)) {
            List<Path> pages = list.filter(p -> p.toString().endsWith(".md")).sorted().toList();
            assertThat(pages).as("the guide's pages in docs/guide").hasSizeGreaterThanOrEqualTo(6);
            return pages;
        }
    }

    @Test
    void everyPageHasFrontMatterWithADistinctSidebarPositionAndATitle() throws IOException {
        Map<Integer, Path> positions = new HashMap<>();
        for (Path page : pages()) {
            Matcher front = FRONT_MATTER.matcher(Files.readString(page));
            assertThat(front.find()).as("%s starts with --- front matter ---", page.getFileName()).isTrue();
            Map<String, String> keys = new HashMap<>();
            front.group(1).lines().forEach(line -> {
                int colon = line.indexOf(':');
                assertThat(colon).as("%s front matter line '%s' is key: value", page.getFileName(), line).isPositive();
                keys.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            });
            assertThat(keys.get("title")).as("%s has a title", page.getFileName()).isNotBlank();
            assertThat(keys.get("sidebar_position")).as("%s sidebar_position", page.getFileName()).matches("\\d+");
            Path other = positions.put(Integer.parseInt(keys.get("sidebar_position")), page);
            assertThat(other).as("%s shares its sidebar_position with %s", page.getFileName(), other).isNull();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyJavaSnippetThatDeclaresAClassCompilesAgainstTheApiJarAlone(@TempDir Path out)
            throws IOException {
        Path jar = LoadfileApiJarIT.apiJar();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path page : pages()) {
            Matcher block = JAVA_BLOCK.matcher(Files.readString(page));
            for (int n = 1; block.find(); n++) {
                String source = block.group(1);
                Matcher name = PUBLIC_CLASS.matcher(source);
                if (!name.find()) {
                    name = ANY_CLASS.matcher(source);
                    if (!name.find()) {
                        continue; // a fragment (a method, an annotation): shown in a page, not a compilable unit
                    }
                }
                String className = name.group(1);
                Path dir = out.resolve(page.getFileName() + "-" + n);
                tests.add(DynamicTest.dynamicTest(page.getFileName() + " snippet " + n + " (" + className + ")", () -> {
                    Path file = Files.writeString(Files.createDirectories(dir).resolve(className + ".java"), source);
                    assertThat(LoadfileApiJarIT.compile(jar, file, dir.resolve("classes"))).isEmpty();
                }));
            }
        }
        assertThat(tests).as("the guide has compilable snippets").isNotEmpty();
        return tests.stream();
    }

    @Test
    void everyRelativeLinkPointsToAnExistingFile() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            Matcher link = LINK.matcher(Files.readString(page));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*") || target.startsWith("#")) {
                    continue; // absolute URLs and anchors within the page
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                checked++;
                if (!Files.exists(page.getParent().resolve(file))) {
                    broken.add(page.getFileName() + ": " + target);
                }
            }
        }
        assertThat(checked).as("relative links checked").isPositive();
        assertThat(broken).isEmpty();
    }
}
