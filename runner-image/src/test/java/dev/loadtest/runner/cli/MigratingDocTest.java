package dev.loadtest.runner.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/migrating-from-locust.md's closing list of what is not supported holds the same flags as the parser's
 * refusals and as docs/locust-flags.md's "no" rows, so none of the three drifts from the others.
 */
class MigratingDocTest {

    private static final Pattern FLAG = Pattern.compile("`(--[a-z][a-z-]*)`");

    private static String closingFlagTable() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "migrating-from-locust.md"));
        int section = doc.indexOf("## Not supported (yet), and why");
        assertThat(section).as("the closing section").isPositive();
        int flags = doc.indexOf("### Command-line flags", section);
        int next = doc.indexOf("\n### ", flags + 1);
        assertThat(flags).isPositive();
        return doc.substring(flags, next);
    }

    private static Set<String> flagsIn(String text) {
        Set<String> flags = new TreeSet<>();
        Matcher m = FLAG.matcher(text);
        while (m.find()) {
            flags.add(m.group(1));
        }
        return flags;
    }

    @Test
    void theClosingListNamesExactlyTheFlagsTheParserRefuses() throws Exception {
        // the "why" and "instead" columns name supported flags (-r/--spawn-rate, --logfile); the first column is the list
        Set<String> listed = new TreeSet<>();
        for (String row : closingFlagTable().split("\n")) {
            if (row.startsWith("| `")) {
                listed.addAll(flagsIn(row.substring(0, row.indexOf(" |", 2))));
            }
        }
        assertThat(listed).isEqualTo(new TreeSet<>(UnsupportedLocustFlags.all().keySet()));
        assertThat(listed).allSatisfy(f -> assertThat(UnsupportedLocustFlags.check(f)).isPresent());
    }

    @Test
    void everyFlagLocustFlagsMdMarksUnsupportedIsInTheClosingList() throws Exception {
        Set<String> no = new TreeSet<>();
        for (String row : Files.readString(Path.of("..", "docs", "locust-flags.md")).split("\n")) {
            String[] cells = row.split("\\|");
            if (cells.length > 3 && cells[2].strip().equals("no")) {
                no.addAll(flagsIn(cells[1]));
            }
        }
        assertThat(no).as("locust-flags.md's 'no' rows").hasSizeGreaterThan(10);
        assertThat(flagsIn(closingFlagTable())).containsAll(no);
    }
}
