package org.orrery.store.jdbc.internal;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.orrery.task.TaskStoreException;

/** The target store's cases on a real PostgreSQL server, each test in a schema of its own. */
class PostgresTargetStoreTest extends TargetStoreCases {

    static PostgresSchemas pg;

    private String url;

    @BeforeAll
    static void startServer() throws Exception {
        pg = PostgresSchemas.start("targets");
    }

    @BeforeEach
    void freshSchema() throws Exception {
        url = pg.freshSchemaUrl();
    }

    @Override
    protected TaskDatabase openDatabase() throws TaskStoreException {
        return pg.open(url);
    }
}
