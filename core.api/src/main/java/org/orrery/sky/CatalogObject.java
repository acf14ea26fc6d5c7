package org.orrery.sky;

import java.util.List;

/**
 * A named object of the {@link Catalog}.
 *
 * @param name the main name, as the catalog spells it ({@code M 42}, {@code NGC 7000})
 * @param aliases other names ({@code NGC 1976}, {@code Orion Nebula})
 * @param kind what it is ({@code galaxy}, {@code open_cluster}, {@code globular_cluster},
 *        {@code nebula}, {@code planetary_nebula}, {@code supernova_remnant}, {@code star}, …)
 * @param j2000 its J2000 position
 * @param magnitude visual magnitude, or null when not known
 * @param constellation the IAU abbreviation ({@code Ori}), or null
 */
public record CatalogObject(String name, List<String> aliases, String kind, Coordinates j2000, Double magnitude,
        String constellation) {

    public CatalogObject {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
}
