package org.orrery.store.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.files.Compression;
import org.orrery.files.WriteOptions;

/** The configuration: folders relative to the home, keys from the property and from key files. */
class FilesComponentTest {

    @TempDir
    Path home;

    /** A configuration with the annotation's defaults, {@code values} (by method name) replacing some. */
    static FilesComponent.Config config(Map<String, Object> values) {
        return (FilesComponent.Config) Proxy.newProxyInstance(FilesComponent.Config.class.getClassLoader(),
                new Class<?>[] {FilesComponent.Config.class}, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    return method.getDefaultValue();
                });
    }

    @Test
    void theDefaultsPutTheRootUnderDataFilesWithoutKeys() throws Exception {
        LocalFileStore store = FilesComponent.open(home, config(Map.of()));
        assertEquals(home.resolve("data/files").toRealPath(), store.root());
        assertThrows(org.orrery.files.FileStoreException.class,
                () -> store.write("a", new byte[] {1}, new WriteOptions(Compression.NONE, true, true)));
    }

    @Test
    void theConfiguredKeyAndTheKeyFilesAreUsed() throws Exception {
        Path keys = Files.createDirectories(home.resolve("etc/files-keys"));
        Files.writeString(keys.resolve("old.key"), LocalFileStoreTest.KEY_2);
        Files.setPosixFilePermissions(keys.resolve("old.key"), PosixFilePermissions.fromString("r--------"));
        Map<String, Object> values = new HashMap<>();
        values.put("encryption__key", LocalFileStoreTest.KEY_1);
        values.put("key__id", "new");
        values.put("cache__size", 0L);
        LocalFileStore store = FilesComponent.open(home, config(values));
        assertEquals("new", store.write("a", "x".getBytes(StandardCharsets.UTF_8),
                new WriteOptions(Compression.NONE, true, true)).keyId());
        assertEquals(0, store.metrics().cacheBytes());
    }

    @Test
    void aBadKeyStopsTheStoreWithAMessageThatDoesNotShowIt() {
        Map<String, Object> values = new HashMap<>();
        values.put("encryption__key", "c2hvcnQ=");
        values.put("key__id", "k");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FilesComponent.open(home, config(values)));
        assertTrue(e.getMessage().startsWith(FilesComponent.PID + ": encryption_key must be base64 of 32 bytes"), e.getMessage());
        assertFalse(e.getMessage().contains("c2hvcnQ="));
        values.put("encryption__key", "");
        values.put("cache__size", -1L);
        assertThrows(IllegalArgumentException.class, () -> FilesComponent.open(home, config(values)));
    }
}
