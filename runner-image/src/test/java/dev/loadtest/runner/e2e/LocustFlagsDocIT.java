package dev.loadtest.runner.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/locust-flags.md lists every flag the installed Locust's {@code --help} prints. */
class LocustFlagsDocIT {

    /** An option line of argparse's help: two spaces, then the flags and their metavars, comma-separated. */
    private static final Pattern OPTION_LINE = Pattern.compile("^  (-.*)$", Pattern.MULTILINE);
    private static final Pattern FLAG = Pattern.compile("(?:^|, )(--?[A-Za-z][\\w-]*)");

    @TempDir
    Path dir;

    @Test
    void everyFlagOfLocustsHelpIsInTheDoc() throws Exception {
        String help = LocustProcess.run(dir, Duration.ofSeconds(60), "--help");
        Set<String> flags = new LinkedHashSet<>();
        Matcher line = OPTION_LINE.matcher(help);
        while (line.find()) {
            Matcher flag = FLAG.matcher(line.group(1));
            while (flag.find()) {
                flags.add(flag.group(1));
            }
        }
        assertThat(flags).as("flags read from locust --help:\n" + help).contains("--locustfile", "--csv", "-u")
                .hasSizeGreaterThan(40);

        String doc = Files.readString(Path.of("..", "docs", "locust-flags.md"));
        assertThat(flags).allSatisfy(f -> assertThat(doc).as("docs/locust-flags.md lists " + f).contains("`" + f + "`"));
    }
}
