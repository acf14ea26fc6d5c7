package org.orrery.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class PostgresServerTest {

    @Test
    void startsInAFolderDeeperThanASocketPathMayBe() throws IOException {
        // under target/ (not a 0700 @TempDir): the postgres user must be able to reach the folder
        Path deep = Path.of("target", "pg-" + UUID.randomUUID()).toAbsolutePath().resolve("a-checkout-folder-four-levels-deep").resolve("another-rather-long-folder-name")
                .resolve("e2e").resolve("target").resolve("crash-postgresql-0123456789abcdef0123456789abcdef-pg");
        assertTrue(deep.toString().getBytes(StandardCharsets.UTF_8).length > 107,
                "the folder must be deeper than a Unix socket path may be, was " + deep);
        try (PostgresServer server = PostgresServer.start(deep)) {
            assertTrue(server.socketPath().toString().getBytes(StandardCharsets.UTF_8).length <= 107,
                    "socket path too long: " + server.socketPath());
            assertEquals("1", server.psql(PostgresServer.DATABASE, "SELECT 1"));
            Path socketFolder = server.socketPath().getParent();
            server.close();
            assertFalse(Files.exists(socketFolder), "the socket folder is removed on close");
        }
    }
}
