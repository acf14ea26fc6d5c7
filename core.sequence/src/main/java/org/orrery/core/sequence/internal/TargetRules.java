package org.orrery.core.sequence.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.orrery.sky.Catalog;
import org.orrery.sky.CatalogObject;

/**
 * The rules of {@code target} and {@code targets} steps the schema cannot say: coordinates or an
 * object (resolved from the catalog into the plan step's {@code ra} and {@code dec}), a
 * container holds only targets, {@code depends_on} names targets of the same container without
 * a cycle, and a target store is installed.
 */
final class TargetRules {

    /** What the rules ask of the outside: the catalog and whether a target store is installed. */
    record Services(Supplier<Optional<Catalog>> catalog, BooleanSupplier targetStore) {
        static final Services NONE = new Services(Optional::empty, () -> false);
    }

    private final Supplier<Optional<Catalog>> catalog;
    private final BooleanSupplier targetStore;
    private final BiConsumer<String, String> report;
    private boolean storeReported;

    TargetRules(Services services, BiConsumer<String, String> report) {
        this.catalog = services.catalog();
        this.targetStore = services.targetStore();
        this.report = report;
    }

    void check(Map<String, Object> step, String pointer, boolean inContainer) {
        if (!storeReported && !targetStore.getAsBoolean()) {
            storeReported = true;
            report.accept(pointer, "no target store installed: target steps need one to count their frames");
        }
        if ("targets".equals(step.get("type"))) {
            container(step, pointer);
            return;
        }
        if (!inContainer && step.get("depends_on") instanceof List<?> d && !d.isEmpty()) {
            report.accept(Pointers.child(pointer, "depends_on"), "depends_on names targets of the same 'targets'"
                    + " container; this target is in none");
        }
        boolean ra = step.containsKey("ra");
        boolean dec = step.containsKey("dec");
        if (ra != dec) {
            report.accept(pointer, "a target has both 'ra' and 'dec' (J2000), or an 'object'; found only '"
                    + (ra ? "ra" : "dec") + "'");
        } else if (!ra && !(step.get("object") instanceof String)) {
            report.accept(pointer, "a target needs 'ra' and 'dec' (J2000) or an 'object' (a catalog name); found neither");
        } else if (!ra) {
            resolve(step, pointer, (String) step.get("object"));
        }
    }

    /** An object's coordinates from the catalog, into the plan step; or a problem with suggestions. */
    private void resolve(Map<String, Object> step, String pointer, String name) {
        String at = Pointers.child(pointer, "object");
        Catalog c = catalog.get().orElse(null);
        if (c == null) {
            report.accept(at, "cannot resolve the object '" + name + "': no catalog installed; give 'ra' and 'dec'");
            return;
        }
        Optional<CatalogObject> found = c.find(name);
        if (found.isEmpty()) {
            List<String> suggestions = new ArrayList<>();
            c.search(name, 5).forEach(o -> suggestions.add(o.name()));
            report.accept(at, "the object '" + name + "' is not in the catalog" + (suggestions.isEmpty()
                    ? "; give 'ra' and 'dec'" : "; did you mean " + String.join(", ", suggestions) + "?"));
            return;
        }
        step.put("ra", found.get().j2000().raHours());
        step.put("dec", found.get().j2000().decDegrees());
    }

    private void container(Map<String, Object> step, String pointer) {
        if (!(step.get("steps") instanceof List<?> steps)) {
            return;
        }
        Map<String, List<String>> depends = new LinkedHashMap<>();
        Map<String, String> pointers = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            String at = Pointers.child(Pointers.child(pointer, "steps"), i);
            if (!(steps.get(i) instanceof Map<?, ?> child)) {
                continue;
            }
            if (!"target".equals(child.get("type"))) {
                report.accept(Pointers.child(at, "type"), "a 'targets' container holds only 'target' steps; found '"
                        + child.get("type") + "'");
                continue;
            }
            List<String> on = new ArrayList<>();
            if (child.get("depends_on") instanceof List<?> d) {
                d.forEach(x -> on.add(String.valueOf(x)));
            }
            depends.put(String.valueOf(child.get("id")), on);
            pointers.put(String.valueOf(child.get("id")), at);
        }
        for (Map.Entry<String, List<String>> e : depends.entrySet()) {
            List<String> on = e.getValue();
            for (int i = 0; i < on.size(); i++) {
                if (!depends.containsKey(on.get(i))) {
                    report.accept(Pointers.child(Pointers.child(pointers.get(e.getKey()), "depends_on"), i),
                            "'" + on.get(i) + "' is no target of this container; its targets are "
                                    + String.join(", ", depends.keySet()));
                }
            }
            List<String> cycle = cycle(e.getKey(), depends, new LinkedHashSet<>());
            if (cycle != null) {
                report.accept(Pointers.child(pointers.get(e.getKey()), "depends_on"),
                        "depends_on makes a cycle: " + String.join(" -> ", cycle));
            }
        }
    }

    /** A cycle through {@code from} back to it, or null. */
    private static List<String> cycle(String from, Map<String, List<String>> depends, Set<String> path) {
        path.add(from);
        for (String next : depends.getOrDefault(from, List.of())) {
            if (next.equals(path.iterator().next())) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(next);
                return cycle;
            }
            if (!path.contains(next)) {
                List<String> found = cycle(next, depends, path);
                if (found != null) {
                    return found;
                }
            }
        }
        path.remove(from);
        return null;
    }
}
