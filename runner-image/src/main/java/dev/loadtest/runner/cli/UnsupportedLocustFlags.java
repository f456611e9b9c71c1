package dev.loadtest.runner.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Locust 2.12 flags this runner does not take, each with why and what to use instead, so that a team's
 * existing script fails with an answer rather than a bare "unknown option" (it still exits 2).
 * docs/locust-flags.md lists every Locust flag; LocustFlagsDocIT checks that list against {@code locust --help}.
 */
final class UnsupportedLocustFlags {

    private static final String OPERATOR = "distributed runs are the operator's job here: declare spec.runners in a "
            + "LoadTest and kubectl apply it (docs/operator.md); the operator dispatches users to its runners";

    private static final Map<String, String> REASONS = new LinkedHashMap<>();

    static {
        for (String flag : new String[] {"--master", "--master-bind-host", "--master-bind-port", "--expect-workers",
                "--expect-workers-max-wait", "--worker", "--master-host", "--master-port"}) {
            REASONS.put(flag, OPERATOR);
        }
        REASONS.put("--web-auth", "the runner's web UI has no login; keep it on 127.0.0.1 or put it behind a proxy "
                + "that authenticates");
        REASONS.put("--tls-cert", "the runner's web UI serves plain HTTP; put it behind a proxy that terminates TLS");
        REASONS.put("--tls-key", "the runner's web UI serves plain HTTP; put it behind a proxy that terminates TLS");
        REASONS.put("--class-picker", "user classes are chosen on the command line (UserClass ...) or in "
                + "spec.userClasses, not in a web form");
        REASONS.put("--skip-log-setup", "there is no Python logging to leave alone: the runner logs with "
                + "java.util.logging; choose the level with -L/--loglevel");
        REASONS.put("--show-task-ratio", "not implemented: the runner does not print task ratios");
        REASONS.put("--show-task-ratio-json", "not implemented: the runner does not print task ratios");
        REASONS.put("--equal-weights", "not implemented: weights come from @Task(n) and @Weight(n)");
        REASONS.put("--enable-rebalancing", "a local run is one process; on the cluster the operator re-dispatches "
                + "users whenever runners come or go, without this flag");
        REASONS.put("--hatch-rate", "Locust's old name, removed in Locust 2: use -r/--spawn-rate");
    }

    private UnsupportedLocustFlags() {
    }

    /** Every unsupported flag with its reason, in Locust's --help order. */
    static Map<String, String> all() {
        return Map.copyOf(REASONS);
    }

    /** The message for {@code argument} (a flag, "--flag=value", or a config key without dashes), if unsupported. */
    static Optional<String> check(String argument) {
        String flag = argument.startsWith("-") ? argument : "--" + argument;
        int eq = flag.indexOf('=');
        if (eq > 0) {
            flag = flag.substring(0, eq);
        }
        String reason = REASONS.get(flag);
        return reason == null ? Optional.empty()
                : Optional.of(flag + " is a Locust flag this runner does not support: " + reason + " (see "
                        + "docs/locust-flags.md)");
    }
}
