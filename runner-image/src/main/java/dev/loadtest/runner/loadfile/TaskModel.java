package dev.loadtest.runner.loadfile;

import dev.loadtest.SequentialTaskSet;
import dev.loadtest.Tag;
import dev.loadtest.Task;
import dev.loadtest.TaskSet;
import dev.loadtest.User;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The tasks of a user class or task set after tag filtering: picked by weight (Locust's flat list with
 * repeats, as cumulative weights), or in declaration order for a {@link SequentialTaskSet}.
 */
public final class TaskModel {

    /** One task: a method, or a nested task set with its own model. */
    public record Entry(String name, Method method, Class<? extends TaskSet> taskSet, TaskModel nested, int weight,
                        Set<String> tags) {
    }

    private final Class<?> owner;
    private final boolean sequential;
    private final List<Entry> entries;
    private final int[] cumulative;

    private TaskModel(Class<?> owner, boolean sequential, List<Entry> entries) {
        this.owner = owner;
        this.sequential = sequential;
        this.entries = sequential ? expand(entries) : List.copyOf(entries);
        this.cumulative = new int[this.entries.size()];
        int sum = 0;
        for (int i = 0; i < this.entries.size(); i++) {
            sum += sequential ? 1 : this.entries.get(i).weight();
            cumulative[i] = sum;
        }
    }

    public Class<?> owner() {
        return owner;
    }

    public boolean sequential() {
        return sequential;
    }

    public List<Entry> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** A task picked at random in proportion to its weight. */
    public Entry pick() {
        int r = ThreadLocalRandom.current().nextInt(cumulative[cumulative.length - 1]);
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > r) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return entries.get(lo);
    }

    /** The task at position {@code step} of the sequence (sequential task sets cycle). */
    public Entry inSequence(long step) {
        return entries.get((int) (step % entries.size()));
    }

    private static List<Entry> expand(List<Entry> entries) {
        List<Entry> expanded = new ArrayList<>();
        for (Entry e : entries) {
            for (int i = 0; i < e.weight(); i++) {
                expanded.add(e);
            }
        }
        return List.copyOf(expanded);
    }

    /** Builds the model of a user class or task set, filtered by tags. */
    public static TaskModel of(Class<?> type, TagFilter filter) throws LoadfileException {
        return of(type, filter, Set.of(), new HashSet<>());
    }

    private static TaskModel of(Class<?> type, TagFilter filter, Set<String> inherited, Set<Class<?>> path)
            throws LoadfileException {
        if (!path.add(type)) {
            throw new LoadfileException(type.getSimpleName() + " contains itself as a task: task sets cannot nest "
                    + "recursively");
        }
        List<Entry> entries = new ArrayList<>();
        for (Class<?> level : hierarchy(type)) {
            List<Positioned> declared = new ArrayList<>();
            Map<String, Integer> lines = DeclarationOrder.methods(level);
            for (Method m : level.getDeclaredMethods()) {
                Task task = m.getAnnotation(Task.class);
                if (task == null) {
                    continue;
                }
                check(m);
                m.setAccessible(true);
                Set<String> tags = union(inherited, tagsOf(m.getAnnotationsByType(Tag.class)));
                if (task.value() > 0 && filter.accepts(tags)) {
                    declared.add(new Positioned(lines.getOrDefault(m.getName(), Integer.MAX_VALUE),
                            new Entry(level.getSimpleName() + "." + m.getName(), m, null, null, task.value(), tags)));
                }
            }
            for (Class<?> nested : level.getDeclaredClasses()) {
                Task task = nested.getAnnotation(Task.class);
                if (task == null) {
                    continue;
                }
                if (!TaskSet.class.isAssignableFrom(nested) || Modifier.isAbstract(nested.getModifiers())) {
                    throw new LoadfileException(nested.getName() + ": @Task on a class needs a concrete subclass of "
                            + "TaskSet or SequentialTaskSet");
                }
                Set<String> tags = union(inherited, tagsOf(nested.getAnnotationsByType(Tag.class)));
                @SuppressWarnings("unchecked")
                Class<? extends TaskSet> taskSet = (Class<? extends TaskSet>) nested;
                TaskModel model = of(taskSet, filter, tags, new HashSet<>(path));
                if (task.value() > 0 && !model.isEmpty()) {
                    declared.add(new Positioned(DeclarationOrder.firstLine(nested),
                            new Entry(nested.getSimpleName(), null, taskSet, model, task.value(), tags)));
                }
            }
            declared.sort(Comparator.comparingInt(Positioned::line).thenComparing(p -> p.entry().name()));
            declared.forEach(p -> entries.add(p.entry()));
        }
        return new TaskModel(type, SequentialTaskSet.class.isAssignableFrom(type), entries);
    }

    private record Positioned(int line, Entry entry) {
    }

    /** Base classes first, as Locust puts base-class tasks first; stops at the framework's own classes. */
    private static List<Class<?>> hierarchy(Class<?> type) {
        List<Class<?>> levels = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class && c != User.class && c != TaskSet.class
                && c.getPackage() != User.class.getPackage(); c = c.getSuperclass()) {
            levels.addFirst(c);
        }
        return levels;
    }

    private static void check(Method m) throws LoadfileException {
        String where = m.getDeclaringClass().getSimpleName() + "." + m.getName();
        if (m.getParameterCount() != 0) {
            throw new LoadfileException(where + ": a @Task method takes no parameters");
        }
        if (Modifier.isStatic(m.getModifiers())) {
            throw new LoadfileException(where + ": a @Task method must not be static");
        }
        if (m.getName().equals("onStart") || m.getName().equals("onStop")) {
            throw new LoadfileException(where + ": onStart/onStop run once per user; remove @Task from it");
        }
    }

    private static Set<String> tagsOf(Tag[] tags) throws LoadfileException {
        Set<String> set = new TreeSet<>();
        for (Tag t : tags) {
            if (t.value().length == 0) {
                throw new LoadfileException("@Tag needs at least one tag, e.g. @Tag(\"checkout\")");
            }
            set.addAll(List.of(t.value()));
        }
        return set;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }
}
