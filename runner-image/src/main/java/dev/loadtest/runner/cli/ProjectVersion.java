package dev.loadtest.runner.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the project's one version (the parent pom's, see docs/images.md), as the jar's manifest
 * carries it, so that the CLI, the images and the chart never disagree.
 */
final class ProjectVersion implements IVersionProvider {

    /** The version in the runner jar's manifest; "development build" when run from compiled classes. */
    static String current() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[]{"loadtest " + current()};
    }
}
