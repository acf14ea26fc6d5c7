package org.orrery.store.jdbc.internal;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.orrery.task.TaskStoreException;

/** The sequence store's cases on a real PostgreSQL server, each test in a schema of its own. */
class PostgresSequenceStoreTest extends SequenceStoreCases {

    static PostgresSchemas pg;

    private String url;

    @BeforeAll
    static void startServer() throws Exception {
        pg = PostgresSchemas.start("sequences");
    }

    @BeforeEach
    void freshSchema() throws Exception {
        url = pg.freshSchemaUrl();
    }

    @Override
    protected TaskDatabase openDatabase() throws TaskStoreException {
        return pg.open(url);
    }

    @Override
    protected void refuseStepKeysStartingWithBad() throws Exception {
        pg.sql(url, "CREATE FUNCTION refuse_bad() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.step_key LIKE 'bad%' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$",
                "CREATE TRIGGER refuse BEFORE INSERT ON sequence_steps FOR EACH ROW EXECUTE FUNCTION refuse_bad()");
    }
}
