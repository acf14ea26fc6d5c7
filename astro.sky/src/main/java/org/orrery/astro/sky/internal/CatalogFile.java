package org.orrery.astro.sky.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.orrery.sky.CatalogObject;
import org.orrery.sky.Coordinates;

/**
 * Reads {@code catalog.tsv} (generated from OpenNGC by {@code tools/openngc_to_catalog.py}):
 * one object per line, tab separated: name, aliases (separated by {@code |}), kind, J2000 RA
 * (hours), J2000 Dec (degrees), magnitude (may be empty), constellation; {@code #} starts a comment.
 */
final class CatalogFile {

    static final String RESOURCE = "catalog.tsv";

    private CatalogFile() {
    }

    static List<CatalogObject> load() {
        try (InputStream in = CatalogFile.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundle has no " + RESOURCE);
            }
            return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static List<CatalogObject> read(BufferedReader reader) throws IOException {
        List<CatalogObject> objects = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 7) {
                throw new IllegalStateException(RESOURCE + " line " + number + ": expected 7 tab-separated fields, found "
                        + f.length);
            }
            try {
                List<String> aliases = f[1].isEmpty() ? List.of() : Arrays.asList(f[1].split("\\|"));
                objects.add(new CatalogObject(f[0], aliases, f[2],
                        new Coordinates(Double.parseDouble(f[3]), Double.parseDouble(f[4])),
                        f[5].isEmpty() ? null : Double.valueOf(f[5]), f[6].isEmpty() ? null : f[6]));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(RESOURCE + " line " + number + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(objects);
    }
}
