package dev.loadtest.testcluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The minor version of a Kubernetes binary ({@code --version} prints "Kubernetes v1.20.2"), so that flags
 * and behaviour can follow binaries from {@code KUBEBUILDER_ASSETS} that are newer than the shared 1.20.
 */
record KubeVersion(int major, int minor) {
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)");

    static KubeVersion of(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return parse(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + binary + " --version: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + binary + " for its version", e);
        }
    }

    static KubeVersion parse(String versionOutput) {
        Matcher m = VERSION.matcher(versionOutput);
        if (!m.find()) {
            throw new IllegalStateException("cannot read a Kubernetes version from: " + versionOutput.strip());
        }
        return new KubeVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    boolean atLeast(int wantedMinor) {
        return major > 1 || minor >= wantedMinor;
    }

    @Override
    public String toString() {
        return "v" + major + "." + minor;
    }
}
