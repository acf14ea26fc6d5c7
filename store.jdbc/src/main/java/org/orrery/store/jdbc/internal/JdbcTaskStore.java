package org.orrery.store.jdbc.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.orrery.platform.OrreryHome;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStore;
import org.orrery.task.TaskStoreException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable {@link TaskStore}: tasks in a JDBC database, by default SQLite at
 * {@code ORRERY_HOME/data/tasks.db}. Ranked 100 (a later store, e.g. a PostgreSQL one, may rank higher).
 * Settings come from Config Admin (PID {@value #PID}); a change reopens the store.
 */
@Component(service = TaskStore.class, configurationPid = JdbcTaskStore.PID, immediate = true,
        property = Constants.SERVICE_RANKING + ":Integer=100")
@Designate(ocd = JdbcTaskStore.Config.class)
public final class JdbcTaskStore implements TaskStore {

    static final String PID = "org.orrery.store.jdbc";
    static final String DEFAULT_FILE = "tasks.db";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTaskStore.class);

    @ObjectClassDefinition(name = "Orrery task store (JDBC)",
            description = "Where the scheduler keeps its tasks durably. Empty URL: SQLite at ORRERY_HOME/data/tasks.db.")
    public @interface Config {
        @AttributeDefinition(name = "JDBC URL", required = false,
                description = "Empty: SQLite in ORRERY_HOME/data/tasks.db. jdbc:sqlite:/path/file.db for another file;"
                        + " other URLs need their JDBC driver visible to java.sql.DriverManager.")
        String url() default "";

        @AttributeDefinition(name = "User", required = false, description = "Database user (not used by SQLite).")
        String user() default "";

        /** Property {@code .password}: the leading dot keeps it out of the service's properties. */
        @AttributeDefinition(name = "Password", required = false, type = AttributeType.PASSWORD,
                description = "Database password (not used by SQLite; property .password). Never logged, never a service property.")
        String _password() default "";

        @AttributeDefinition(name = "Reader connections", min = "1", max = "64",
                description = "Connections for reads (property pool.size); writes always use one connection of their own.")
        int pool_size() default 4;

        @AttributeDefinition(name = "Keep finished tasks (days)", min = "0",
                description = "Completed, failed and cancelled tasks older than this are removed, once an hour"
                        + " (property retention.days); 0 keeps them for ever.")
        int retention_days() default 0;
    }

    private final TaskDatabase db;
    private final java.util.concurrent.ScheduledExecutorService cleaner;

    @Activate
    public JdbcTaskStore(BundleContext context, Config config) throws TaskStoreException {
        String url = config.url() == null ? "" : config.url().trim();
        int readers = Math.max(1, Math.min(64, config.pool_size()));
        if (url.isEmpty()) {
            OrreryHome home = OrreryHome.fromProperty(context.getProperty(OrreryHome.PROPERTY));
            db = TaskDatabase.openSqlite(home.data().resolve(DEFAULT_FILE), readers);
        } else {
            db = TaskDatabase.open(url, config.user(), config._password(), readers);
        }
        LOG.info("Task store {} open (schema version {}, {} reader connections)", db.where(), db.schemaVersion(),
                readers);
        int days = Math.max(0, config.retention_days());
        if (days > 0) {
            cleaner = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "orrery-task-store-retention");
                t.setDaemon(true);
                return t;
            });
            cleaner.scheduleWithFixedDelay(() -> removeOld(days), 1, 60, java.util.concurrent.TimeUnit.MINUTES);
        } else {
            cleaner = null;
        }
    }

    /** Removes the finished tasks older than the retention; logs what it did. */
    void removeOld(int days) {
        java.time.Instant cutoff = java.time.Instant.now().minus(java.time.Duration.ofDays(days));
        try {
            long removed = db.purgeFinishedBefore(cutoff);
            if (removed > 0) {
                LOG.info("Removed {} task(s) that finished before {} (retention {} days)", removed, cutoff, days);
            }
        } catch (TaskStoreException e) {
            LOG.warn("Removing old tasks from {} failed: {}", db.where(), e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        if (cleaner != null) {
            cleaner.shutdownNow();
        }
        db.close();
        LOG.info("Task store {} closed", db.where());
    }

    @Override
    public void save(Collection<TaskRecord> tasks) throws TaskStoreException {
        db.save(tasks);
    }

    @Override
    public Optional<TaskRecord> get(String id) throws TaskStoreException {
        return db.get(id);
    }

    @Override
    public TaskPage list(TaskQuery query) throws TaskStoreException {
        return db.list(query);
    }

    @Override
    public List<TaskRecord> unfinished() throws TaskStoreException {
        return db.unfinished();
    }
}
