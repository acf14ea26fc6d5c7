package org.orrery.astro.sky.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.orrery.sky.Catalog;
import org.orrery.sky.CatalogObject;
import org.osgi.service.component.annotations.Component;

/** The catalog shipped with the bundle: every Messier object and about 170 bright or well-known NGC and IC objects (OpenNGC). */
@Component(service = Catalog.class)
public final class CatalogComponent implements Catalog {

    private record Match(CatalogObject object, int rank) {
    }

    private final List<CatalogObject> objects;
    private final Map<String, CatalogObject> byKey = new HashMap<>();

    public CatalogComponent() {
        this(CatalogFile.load());
    }

    CatalogComponent(List<CatalogObject> objects) {
        this.objects = objects;
        for (CatalogObject o : objects) {
            for (String name : names(o)) {
                CatalogObject other = byKey.putIfAbsent(Names.key(name), o);
                if (other != null && other != o) {
                    throw new IllegalStateException("the name '" + name + "' of " + o.name() + " also names " + other.name());
                }
            }
        }
    }

    @Override
    public Optional<CatalogObject> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byKey.get(Names.key(name)));
    }

    /** Exact names first, then names that start with the text, then names that contain it; brighter first within each. */
    @Override
    public List<CatalogObject> search(String text, int limit) {
        String key = text == null ? "" : Names.key(text);
        if (key.isEmpty() || limit <= 0) {
            return List.of();
        }
        List<Match> matches = new ArrayList<>();
        for (CatalogObject o : objects) {
            int best = Integer.MAX_VALUE;
            for (String name : names(o)) {
                String k = Names.key(name);
                int rank = k.equals(key) ? 0 : k.startsWith(key) ? 1 : k.contains(key) ? 2 : Integer.MAX_VALUE;
                best = Math.min(best, rank);
            }
            if (best != Integer.MAX_VALUE) {
                matches.add(new Match(o, best));
            }
        }
        matches.sort(Comparator.comparingInt(Match::rank)
                .thenComparingDouble(m -> m.object().magnitude() == null ? 99 : m.object().magnitude())
                .thenComparing(m -> m.object().name()));
        return matches.stream().limit(limit).map(Match::object).toList();
    }

    @Override
    public int size() {
        return objects.size();
    }

    List<CatalogObject> objects() {
        return objects;
    }

    private static List<String> names(CatalogObject o) {
        List<String> names = new ArrayList<>(o.aliases().size() + 1);
        names.add(o.name());
        names.addAll(o.aliases());
        return names;
    }
}
