package dev.loadtest.runner.loadfile;

import dev.loadtest.CustomOption;
import dev.loadtest.LoadShape;
import dev.loadtest.OnTestStart;
import dev.loadtest.OnTestStop;
import dev.loadtest.TestContext;
import dev.loadtest.User;
import dev.loadtest.api.control.UserClassInfo;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a compiled loadfile offers: its user classes (non-abstract subclasses of User, by name), its test
 * hooks, its custom options and its load shape, if any.
 */
public final class LoadfileModel {

    private final String description;
    private final List<UserClassModel> userClasses;
    private final List<Method> onTestStart;
    private final List<Method> onTestStop;
    private final Map<String, CustomOption> customOptions;
    /** The loadfile's LoadShape subclass; null when it has none. */
    private final Class<? extends LoadShape> shape;
    private final Map<TagFilter, Map<String, TaskModel>> taskModels = new HashMap<>();

    private LoadfileModel(String description, List<UserClassModel> userClasses, List<Method> onTestStart,
                          List<Method> onTestStop, Map<String, CustomOption> customOptions,
                          Class<? extends LoadShape> shape) {
        this.description = description;
        this.userClasses = userClasses;
        this.onTestStart = onTestStart;
        this.onTestStop = onTestStop;
        this.customOptions = customOptions;
        this.shape = shape;
    }

    public static LoadfileModel of(CompiledLoadfile loadfile) throws LoadfileException {
        List<UserClassModel> users = new ArrayList<>();
        List<Method> starts = new ArrayList<>();
        List<Method> stops = new ArrayList<>();
        Map<String, CustomOption> options = new TreeMap<>();
        Map<String, Class<?>> byName = new HashMap<>();
        List<Class<? extends LoadShape>> shapes = new ArrayList<>();
        for (Class<?> c : loadfile.classes()) {
            if (User.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers()) && !c.isAnonymousClass()
                    && !c.isLocalClass()) {
                Class<?> clash = byName.put(c.getSimpleName(), c);
                if (clash != null) {
                    throw new LoadfileException("two user classes are named " + c.getSimpleName() + " (" + clash.getName()
                            + ", " + c.getName() + "): user class names must be unique");
                }
                @SuppressWarnings("unchecked")
                Class<? extends User> type = (Class<? extends User>) c;
                users.add(UserClassModel.of(type));
            }
            if (LoadShape.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers()) && !c.isAnonymousClass()
                    && !c.isLocalClass()) {
                shapes.add(c.asSubclass(LoadShape.class));
            }
            for (CustomOption o : c.getAnnotationsByType(CustomOption.class)) {
                if (!o.name().matches("[A-Za-z][A-Za-z0-9_.-]*")) {
                    throw new LoadfileException(c.getSimpleName() + ": @CustomOption name '" + o.name()
                            + "' must start with a letter and use letters, digits, '-', '_' or '.'");
                }
                options.put(o.name(), o);
            }
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(OnTestStart.class)) {
                    starts.add(hook(m, "@OnTestStart"));
                }
                if (m.isAnnotationPresent(OnTestStop.class)) {
                    stops.add(hook(m, "@OnTestStop"));
                }
            }
        }
        if (users.isEmpty()) {
            throw new LoadfileException(loadfile.description() + ": no user class found; declare a public class that "
                    + "extends HttpUser (or User) with @Task methods");
        }
        if (shapes.size() > 1) {
            shapes.sort(Comparator.comparing(Class::getName));
            throw new LoadfileException(loadfile.description() + ": a loadfile has at most one LoadShape, found "
                    + shapes.size() + ": " + String.join(", ", shapes.stream().map(Class::getName).toList())
                    + "; delete one or make it abstract");
        }
        users.sort(Comparator.comparing(UserClassModel::name));
        Comparator<Method> byHookName = Comparator.comparing((Method m) -> m.getDeclaringClass().getName())
                .thenComparing(Method::getName);
        starts.sort(byHookName);
        stops.sort(byHookName);
        return new LoadfileModel(loadfile.description(), List.copyOf(users), starts, stops, options,
                shapes.isEmpty() ? null : shapes.get(0));
    }

    private static Method hook(Method m, String annotation) throws LoadfileException {
        String where = m.getDeclaringClass().getSimpleName() + "." + m.getName();
        if (!Modifier.isStatic(m.getModifiers())) {
            throw new LoadfileException(where + ": an " + annotation + " method must be static");
        }
        if (m.getParameterCount() > 1 || (m.getParameterCount() == 1 && m.getParameterTypes()[0] != TestContext.class)) {
            throw new LoadfileException(where + ": an " + annotation + " method takes no parameter or one TestContext");
        }
        m.setAccessible(true);
        return m;
    }

    public String description() {
        return description;
    }

    public List<UserClassModel> userClasses() {
        return userClasses;
    }

    public List<UserClassInfo> userClassInfos() {
        return userClasses.stream().map(UserClassModel::info).toList();
    }

    public List<Method> onTestStart() {
        return onTestStart;
    }

    public List<Method> onTestStop() {
        return onTestStop;
    }

    public Map<String, CustomOption> customOptions() {
        return customOptions;
    }

    /** The HTTP user classes without {@code @Host}: they need the run's host. */
    public List<String> hostlessHttpClasses() {
        return userClasses.stream().filter(u -> u.isHttp() && u.host() == null).map(UserClassModel::name).toList();
    }

    /**
     * The run's default arrival rate from the user classes' {@code @ArrivalRate} (the open model); null when none
     * declares one, which is the closed model. Classes that declare different rates are an error.
     */
    public Double arrivalRate() throws LoadfileException {
        Double rate = null;
        String from = null;
        for (UserClassModel u : userClasses) {
            dev.loadtest.ArrivalRate a = u.type().getAnnotation(dev.loadtest.ArrivalRate.class);
            if (a == null) {
                continue;
            }
            if (!(a.value() >= 0 && Double.isFinite(a.value()))) {
                throw new LoadfileException(u.name() + ": @ArrivalRate(" + a.value() + ") must be 0 or more iterations"
                        + " per second, e.g. @ArrivalRate(100)");
            }
            if (rate != null && rate != a.value()) {
                throw new LoadfileException(from + " declares @ArrivalRate(" + rate + ") and " + u.name()
                        + " @ArrivalRate(" + a.value() + "): the rate is the run's, so declare it once (or pass"
                        + " --arrival-rate)");
            }
            rate = a.value();
            from = u.name();
        }
        return rate;
    }

    /** The loadfile's load shape class; null when it has none. */
    public Class<? extends LoadShape> shape() {
        return shape;
    }

    /** A new instance of the loadfile's load shape; null when it has none. */
    public LoadShape newShape() throws LoadfileException {
        if (shape == null) {
            return null;
        }
        try {
            var constructor = shape.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new LoadfileException(shape.getSimpleName() + ": a LoadShape needs a no-argument constructor");
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            throw new LoadfileException(shape.getSimpleName() + ": creating the LoadShape failed: " + cause, cause);
        }
    }

    /** Only the named user classes (Locust's positional arguments); an unknown name is an error. */
    public LoadfileModel select(List<String> names) throws LoadfileException {
        if (names == null || names.isEmpty()) {
            return this;
        }
        Map<String, UserClassModel> all = new LinkedHashMap<>();
        userClasses.forEach(u -> all.put(u.name(), u));
        List<UserClassModel> chosen = new ArrayList<>();
        for (String n : names) {
            UserClassModel u = all.get(n);
            if (u == null) {
                throw new LoadfileException("unknown user class '" + n + "'; the loadfile has: "
                        + String.join(", ", all.keySet()));
            }
            chosen.add(u);
        }
        chosen.sort(Comparator.comparing(UserClassModel::name));
        return new LoadfileModel(description, List.copyOf(chosen), onTestStart, onTestStop, customOptions, shape);
    }

    /** The custom options with their defaults, overridden by {@code given}; an undeclared name is an error. */
    public Map<String, String> resolveOptions(Map<String, String> given, String fieldName) throws LoadfileException {
        Map<String, String> values = new TreeMap<>();
        customOptions.forEach((name, o) -> values.put(name, o.defaultValue()));
        if (given != null) {
            for (Map.Entry<String, String> e : given.entrySet()) {
                if (!customOptions.containsKey(e.getKey())) {
                    String sameWords = customOptions.keySet().stream()
                            .filter(n -> words(n).equals(words(e.getKey()))).findFirst().orElse(null);
                    if (sameWords != null) {
                        throw new LoadfileException(fieldName + "." + e.getKey() + " is not an option of the loadfile;"
                                + " it declares " + sameWords + ": write option names exactly as declared (Locust's"
                                + " custom arguments are lower case with dashes, e.g. --product-count)");
                    }
                    throw new LoadfileException(fieldName + "." + e.getKey() + " is not an option of the loadfile; "
                            + (customOptions.isEmpty() ? "it declares none" : "it declares: "
                            + String.join(", ", customOptions.keySet()))
                            + " (declare more with @CustomOption(name = \"" + e.getKey() + "\"))");
                }
                values.put(e.getKey(), e.getValue());
            }
        }
        return values;
    }

    /** productCount, product-count, product_count and PRODUCT_COUNT are the same words. */
    private static String words(String name) {
        return name.replaceAll("[-_.]", "").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Task models of every user class for these tags. A class with a positive target count but no task left
     * is an error, as in Locust ("No tasks defined on X").
     */
    public synchronized Map<String, TaskModel> taskModels(TagFilter filter, Map<String, Integer> targetCounts)
            throws LoadfileException {
        Map<String, TaskModel> models = taskModels.get(filter);
        if (models == null) {
            models = new HashMap<>();
            for (UserClassModel u : userClasses) {
                models.put(u.name(), TaskModel.of(u.type(), filter));
            }
            taskModels.put(filter, models);
        }
        for (UserClassModel u : userClasses) {
            if (targetCounts.getOrDefault(u.name(), 0) > 0 && models.get(u.name()).isEmpty()) {
                throw new LoadfileException("No tasks defined on " + u.name()
                        + (filter.isActive() ? " after filtering with " + filter : "")
                        + ": give it a @Task method or a @Task TaskSet" + (filter.isActive() ? ", or change the tags" : ""));
            }
        }
        return models;
    }
}
