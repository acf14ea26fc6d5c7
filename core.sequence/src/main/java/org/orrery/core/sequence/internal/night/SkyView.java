package org.orrery.core.sequence.internal.night;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import org.orrery.sky.Catalog;
import org.orrery.sky.Sky;
import org.orrery.sky.SkyClock;

/**
 * What the night's logic asks of the outside: the sky (positions), the catalog (names) and the
 * clock. In the runtime these are the services of core.api's {@code org.orrery.sky}; in tests a
 * fixed site and a manual clock. Any part may be absent (its bundle not installed): then a
 * document that needs it is refused with a problem that says so, and a running target waits.
 */
public interface SkyView {

    /** The sky service, when one is installed. */
    Optional<Sky> sky();

    /** The catalog, when one is installed. */
    Optional<Catalog> catalog();

    /** The time now (the sky clock's when there is one, else the system clock). */
    Instant now();

    /** A view over fixed parts (tests, the preview). */
    static SkyView of(Sky sky, Catalog catalog, SkyClock clock) {
        return dynamic(() -> sky, () -> catalog, () -> clock == null ? Instant.now() : clock.now());
    }

    /** A view over parts that come and go (optional dynamic services); a supplier answers null for an absent one. */
    static SkyView dynamic(Supplier<Sky> sky, Supplier<Catalog> catalog, Supplier<Instant> now) {
        return new SkyView() {
            @Override
            public Optional<Sky> sky() {
                return Optional.ofNullable(sky.get());
            }

            @Override
            public Optional<Catalog> catalog() {
                return Optional.ofNullable(catalog.get());
            }

            @Override
            public Instant now() {
                return now.get();
            }
        };
    }
}
