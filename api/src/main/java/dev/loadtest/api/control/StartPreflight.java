package dev.loadtest.api.control;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Whether a start fits what the loadfile declares: its custom options, and a host for every HTTP user class that
 * would run without {@code @Host}. Pure, and shared: the operator checks it against what runners report on
 * {@code /readyz} before it starts any of them, and a runner checks it again on {@code POST /start}.
 */
public final class StartPreflight {

    private StartPreflight() {
    }

    /**
     * @param host            the start's host (null or blank: none)
     * @param options         the start's custom options
     * @param classesToRun    the user classes that get users
     * @param declaredOptions the options the loadfile declares
     * @param hostlessClasses the loadfile's HTTP user classes without {@code @Host}
     * @return the refusal, or null when the start fits
     */
    public static StartRefusal check(String host, Map<String, String> options, Collection<String> classesToRun,
                                     Collection<String> declaredOptions, Collection<String> hostlessClasses) {
        if (options != null) {
            for (String name : new TreeSet<>(options.keySet())) {
                if (!declaredOptions.contains(name)) {
                    return StartRefusal.permanent(StartRefusal.Reasons.UNKNOWN_OPTION, "spec.options." + name,
                            "spec.options." + name + " is not an option of the loadfile, which declares "
                                    + (declaredOptions.isEmpty() ? "none" : String.join(", ", new TreeSet<>(declaredOptions)))
                                    + ". Remove it from spec.options, or declare it in the loadfile with @CustomOption(name = \""
                                    + name + "\").");
                }
            }
        }
        if (host == null || host.isBlank()) {
            List<String> needing = classesToRun.stream().filter(hostlessClasses::contains).sorted().toList();
            if (!needing.isEmpty()) {
                return StartRefusal.permanent(StartRefusal.Reasons.NO_HOST, "spec.host",
                        "No host to send requests to: spec.host is not set and " + String.join(", ", needing)
                                + (needing.size() == 1 ? " has" : " have") + " no @Host. Set spec.host to the target's"
                                + " base URL (e.g. http://shop.default.svc:8080), or annotate the user class with @Host.");
            }
        }
        return null;
    }
}
