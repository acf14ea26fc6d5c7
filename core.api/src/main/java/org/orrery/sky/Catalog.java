package org.orrery.sky;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Object names to coordinates: a small catalog shipped with Orrery (Messier, bright NGC and IC objects). */
@ProviderType
public interface Catalog {

    /**
     * The object with this name or alias. Case, spaces and a leading zero do not matter:
     * {@code M42}, {@code m 42}, {@code Messier 42} and {@code NGC1976} all find M 42.
     */
    Optional<CatalogObject> find(String name);

    /** Objects whose name or an alias contains the text (normalised as {@link #find}), at most {@code limit}, best first. */
    List<CatalogObject> search(String text, int limit);

    /** How many objects the catalog holds. */
    int size();
}
