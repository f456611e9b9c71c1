package dev.loadtest.operator.run;

import dev.loadtest.api.HttpVersion;
import dev.loadtest.api.Timespan;
import dev.loadtest.api.control.StartCommand;
import dev.loadtest.api.control.UserClassInfo;
import dev.loadtest.api.dispatch.ArrivalRates;
import dev.loadtest.api.dispatch.UserDispatch;
import dev.loadtest.api.v1alpha1.LoadTestSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Each runner's {@code POST /start} body: its share of the users (api's UserDispatch, so a run splits the same way
 * as Locust's dispatcher), of the spawn rate and, in the open model, of the arrival rate (api's ArrivalRates), plus the
 * run-wide settings. Pure.
 */
public final class StartCommands {

    private StartCommands() {
    }

    /** The user classes the run uses: spec.userClasses when set, else every class the loadfile has. */
    public static List<UserClassInfo> selectedClasses(LoadTestSpec spec, List<UserClassInfo> available) {
        if (spec.getUserClasses() == null || spec.getUserClasses().isEmpty()) {
            return available;
        }
        Set<String> wanted = new TreeSet<>(spec.getUserClasses());
        return available.stream().filter(c -> wanted.contains(c.name())).toList();
    }

    /** An error naming the user classes spec.userClasses asks for that the loadfile lacks, or null. */
    public static String missingClasses(LoadTestSpec spec, List<UserClassInfo> available) {
        if (spec.getUserClasses() == null || spec.getUserClasses().isEmpty()) {
            return available.isEmpty() ? "the loadfile has no user classes; add a class that extends HttpUser" : null;
        }
        Set<String> missing = new TreeSet<>(spec.getUserClasses());
        available.forEach(c -> missing.remove(c.name()));
        if (missing.isEmpty()) {
            return null;
        }
        return "spec.userClasses names " + missing + ", which the loadfile does not define; it has "
                + available.stream().map(UserClassInfo::name).sorted().toList();
    }

    /** One command per runner, in runner order; each carries its runner index and the runner count. */
    public static List<StartCommand> forRunners(String runId, LoadTestSpec spec, List<UserClassInfo> classes,
                                                int runners) {
        int users = spec.getUsers() == null ? 1 : spec.getUsers();
        double spawnRate = spec.getSpawnRate() == null ? 1 : spec.getSpawnRate();
        var split = UserDispatch.split(selectedClasses(spec, classes), users, runners);
        List<Double> rates = UserDispatch.spawnRates(spawnRate, split);
        List<Double> arrivalRates = ArrivalRates.split(spec.getArrivalRate(), split);
        Double runTime = StagedSpecs.runnerRunTime(spec,
                spec.getRunTime() == null ? null : Timespan.parseSeconds(spec.getRunTime()));
        double stopTimeout = spec.getStopTimeout() == null ? 0 : Timespan.parseSeconds(spec.getStopTimeout());
        // SpecValidation has rejected any other value before runners are started
        HttpVersion httpVersion = spec.getHttpVersion() == null ? null : HttpVersion.parse(spec.getHttpVersion());
        boolean insecure = Boolean.TRUE.equals(spec.getInsecureSkipTlsVerify());
        List<StartCommand> commands = new ArrayList<>(runners);
        for (int i = 0; i < runners; i++) {
            commands.add(StartCommand.builder(runId).host(spec.getHost())
                    .users(UserDispatch.sorted(split.get(i)), rates.get(i))
                    .tags(spec.getTags(), spec.getExcludeTags()).options(spec.getOptions())
                    .timing(runTime, stopTimeout).transport(httpVersion, insecure).runner(i, runners)
                    .build().withArrivalRate(arrivalRates.get(i)));
        }
        return commands;
    }
}
