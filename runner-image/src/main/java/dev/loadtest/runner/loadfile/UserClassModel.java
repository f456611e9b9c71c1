package dev.loadtest.runner.loadfile;

import dev.loadtest.FixedCount;
import dev.loadtest.Host;
import dev.loadtest.HttpUser;
import dev.loadtest.User;
import dev.loadtest.Weight;
import dev.loadtest.api.control.UserClassInfo;

/** A user class the engine can start: its weight, fixed count and default host. */
public record UserClassModel(Class<? extends User> type, String name, double weight, int fixedCount, String host) {

    static UserClassModel of(Class<? extends User> type) throws LoadfileException {
        Weight w = type.getAnnotation(Weight.class);
        FixedCount f = type.getAnnotation(FixedCount.class);
        Host h = type.getAnnotation(Host.class);
        double weight = w == null ? 1 : w.value();
        int fixed = f == null ? 0 : f.value();
        if (weight < 0 || fixed < 0) {
            throw new LoadfileException(type.getSimpleName() + ": @Weight and @FixedCount must be 0 or more");
        }
        try {
            type.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            throw new LoadfileException(type.getSimpleName() + ": a user class needs a no-argument constructor"
                    + (type.isMemberClass() ? " (declare nested user classes static)" : ""));
        }
        return new UserClassModel(type, type.getSimpleName(), weight, fixed, h == null ? null : h.value());
    }

    public boolean isHttp() {
        return HttpUser.class.isAssignableFrom(type);
    }

    public UserClassInfo info() {
        return new UserClassInfo(name, weight, fixedCount);
    }
}
