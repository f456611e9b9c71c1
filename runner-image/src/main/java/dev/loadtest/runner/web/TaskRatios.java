package dev.loadtest.runner.web;

import dev.loadtest.runner.loadfile.TaskModel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Locust's {@code GET /tasks}: the share of each user class, and of each task within it ({@code per_class}) or
 * of all the load ({@code total}: the task's share times its class's), nested task sets with their own
 * {@code tasks}. The class shares are those of the users running now, or of the users the form would start.
 */
final class TaskRatios {

    private TaskRatios() {
    }

    /** @param classCounts users per class (running, or planned); @param models the task model of each class */
    static Map<String, Object> of(Map<String, Integer> classCounts, Map<String, TaskModel> models) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("per_class", classes(classCounts, models, false));
        result.put("total", classes(classCounts, models, true));
        return result;
    }

    private static Map<String, Object> classes(Map<String, Integer> counts, Map<String, TaskModel> models,
                                               boolean total) {
        int users = counts.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Object> out = new TreeMap<>();
        counts.forEach((cls, n) -> {
            double ratio = users == 0 ? 0 : (double) n / users;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("ratio", ratio);
            TaskModel model = models.get(cls);
            entry.put("tasks", model == null ? Map.of() : tasks(model, total ? ratio : 1.0, total));
            out.put(cls, entry);
        });
        return out;
    }

    private static Map<String, Object> tasks(TaskModel model, double parentRatio, boolean total) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        Map<String, TaskModel> nested = new LinkedHashMap<>();
        int sum = 0;
        for (TaskModel.Entry e : model.entries()) {
            // sequential models list a task once per repeat, each counting 1; weighted ones list it once
            int w = model.sequential() ? 1 : e.weight();
            String name = e.method() != null ? e.method().getName() : e.name();
            weights.merge(name, w, Integer::sum);
            if (e.nested() != null) {
                nested.put(name, e.nested());
            }
            sum += w;
        }
        Map<String, Object> out = new TreeMap<>();
        for (var w : weights.entrySet()) {
            double ratio = sum == 0 ? 0 : parentRatio * w.getValue() / sum;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("ratio", ratio);
            TaskModel inner = nested.get(w.getKey());
            if (inner != null) {
                entry.put("tasks", tasks(inner, total ? ratio : 1.0, total));
            }
            out.put(w.getKey(), entry);
        }
        return out;
    }
}
