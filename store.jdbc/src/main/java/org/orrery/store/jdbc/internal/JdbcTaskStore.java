package org.orrery.store.jdbc.internal;

import java.nio.file.Path;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.orrery.platform.OrreryHome;
import org.orrery.sequence.SequenceStore;
import org.orrery.sequence.TargetStore;
import org.orrery.task.ExecutionStore;
import org.orrery.task.TaskStore;
import org.orrery.task.TaskStoreException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable {@link TaskStore} and {@link SequenceStore} (one database, one component): tasks in SQLite (default, {@code ORRERY_HOME/data/tasks.db}) or
 * PostgreSQL. Settings come from Config Admin (PID {@value #PID}); a change reopens the store.
 *
 * <p>The component registers the {@code TaskStore} service itself, and only once the database is
 * open and migrated (ranked 100): the scheduler, which needs a working store, starts then. Until
 * then a {@link StoreOpener} keeps trying (server down, wrong password, locked or corrupt file,
 * driver bundle missing), logging each new reason, so the store comes up by itself when the cause
 * goes away. Once registered the service stays: a database that fails later fails the saves with
 * {@link TaskStoreException} (nothing unstored is acknowledged) and reconnects by itself.
 *
 * <p>PostgreSQL's driver comes the OSGi way: a {@link DataSourceFactory} service with
 * {@code osgi.jdbc.driver.class=org.postgresql.Driver} (the {@code org.postgresql.jdbc} bundle
 * registers it when the {@code org.osgi.service.jdbc} bundle is there). If it goes away, the store
 * closes and waits for it again. SQLite's driver is the imported {@code org.xerial.sqlite-jdbc}.
 */
@Component(service = {}, configurationPid = JdbcTaskStore.PID, immediate = true)
@Designate(ocd = JdbcTaskStore.Config.class)
public final class JdbcTaskStore {

    static final String PID = "org.orrery.store.jdbc";
    static final String DEFAULT_FILE = "tasks.db";
    static final int RANKING = 100;
    /** Service properties of the registered store: where (never a password) and which database. */
    static final String PROPERTY_DATABASE = "orrery.store.database";
    static final String PROPERTY_DIALECT = "orrery.store.dialect";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTaskStore.class);

    @ObjectClassDefinition(name = "Orrery task store (JDBC)",
            description = "Where the scheduler keeps its tasks durably. Empty URL: SQLite at ORRERY_HOME/data/tasks.db;"
                    + " jdbc:postgresql://host:5432/database for PostgreSQL.")
    public @interface Config {
        @AttributeDefinition(name = "JDBC URL", required = false,
                description = "Empty: SQLite in ORRERY_HOME/data/tasks.db. jdbc:sqlite:/path/file.db for another file;"
                        + " jdbc:postgresql://host:5432/database for PostgreSQL (needs the PostgreSQL driver bundle"
                        + " org.postgresql.jdbc and org.osgi.service.jdbc).")
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

    /** What an opening attempt produced: the database and the driver service it uses (null: SQLite). */
    record Opened(TaskDatabase db, DataSourceFactory driver) implements AutoCloseable {
        @Override
        public void close() {
            db.close();
        }
    }

    private final BundleContext context;
    private final String url; // as configured; never logged (it may hold a password)
    private final String where; // the file or the redacted URL
    private final Dialect dialect;
    private final Path sqliteFile;
    private final String user;
    private final String password;
    private final int readers;
    private final int retentionDays;
    private final TaskDatabase.Settings settings;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final Map<DataSourceFactory, String> drivers = new ConcurrentHashMap<>();

    private final Object lock = new Object();
    private boolean active; // guarded by lock
    private StoreOpener<Opened> opener; // guarded by lock
    private Opened current; // guarded by lock
    private ServiceRegistration<TaskStore> registration; // guarded by lock
    private ServiceRegistration<SequenceStore> sequenceRegistration; // guarded by lock
    private ServiceRegistration<TargetStore> targetRegistration; // guarded by lock
    private ServiceRegistration<ExecutionStore> executionRegistration; // guarded by lock
    private ScheduledExecutorService cleaner; // guarded by lock

    @Activate
    public JdbcTaskStore(BundleContext context, Config config) throws TaskStoreException {
        this(context, config, TaskDatabase.Settings.DEFAULT, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** With other timeouts and waits between opening attempts (tests). */
    JdbcTaskStore(BundleContext context, Config config, TaskDatabase.Settings settings, Duration firstRetry,
            Duration maxRetry) throws TaskStoreException {
        this.context = context;
        this.settings = settings;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
        String configured = config.url() == null ? "" : config.url().trim();
        this.user = config.user() == null ? "" : config.user();
        this.password = config._password() == null ? "" : config._password();
        this.readers = Math.max(1, Math.min(64, config.pool_size()));
        this.retentionDays = Math.max(0, config.retention_days());
        if (configured.isEmpty()) {
            OrreryHome home = OrreryHome.fromProperty(context.getProperty(OrreryHome.PROPERTY));
            this.dialect = Dialect.SQLITE;
            this.sqliteFile = home.data().resolve(DEFAULT_FILE).toAbsolutePath().normalize();
            this.url = "jdbc:sqlite:" + sqliteFile;
        } else {
            // a URL of no supported database is a configuration error: activation fails saying so
            this.dialect = Dialect.of(configured).orElseThrow(() -> TaskDatabases.unsupported(configured));
            this.sqliteFile = dialect == Dialect.SQLITE ? SqliteConnections.file(configured).toAbsolutePath().normalize()
                    : null;
            this.url = configured;
        }
        this.where = sqliteFile != null ? sqliteFile.toString() : Secrets.redact(url);
    }

    /** Starts opening, after DS has bound the driver services that are there already. */
    @Activate
    void activate() {
        synchronized (lock) {
            active = true;
            startOpening();
            if (retentionDays > 0) {
                cleaner = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "orrery-task-store-retention");
                    t.setDaemon(true);
                    return t;
                });
                cleaner.scheduleWithFixedDelay(this::removeOld, 1, 60, TimeUnit.MINUTES);
            }
        }
    }

    @Deactivate
    void deactivate() {
        StoreOpener<Opened> o;
        ScheduledExecutorService c;
        synchronized (lock) {
            active = false;
            o = opener;
            opener = null;
            c = cleaner;
            cleaner = null;
        }
        if (c != null) {
            c.shutdownNow();
            try {
                c.awaitTermination(10, TimeUnit.SECONDS); // a purge under way ends with its commit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (o != null) {
            o.close(); // an attempt under way ends; what it opens is closed (opened() sees inactive)
        }
        closeCurrent("Task store {} closed");
    }

    @Reference(service = DataSourceFactory.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addDataSourceFactory(DataSourceFactory factory, Map<String, Object> properties) {
        Object driverClass = properties.get(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS);
        drivers.put(factory, driverClass == null ? "" : driverClass.toString());
        if (driverClass != null && driverClass.equals(dialect.driverClass())) {
            LOG.debug("JDBC driver {} is there for task store {}", driverClass, where);
            StoreOpener<Opened> o;
            synchronized (lock) {
                o = opener;
            }
            if (o != null) {
                o.retryNow();
            }
        }
    }

    void removeDataSourceFactory(DataSourceFactory factory) {
        drivers.remove(factory);
        boolean inUse;
        synchronized (lock) {
            inUse = current != null && current.driver() == factory;
        }
        if (inUse) {
            closeCurrent("Task store {} closed: its JDBC driver " + dialect.driverClass()
                    + " went away; it opens again when a driver is back");
            synchronized (lock) {
                if (active && opener == null) {
                    startOpening();
                }
            }
        }
    }

    /** Why the store is not open yet (for tests and people); null when open or not tried yet. */
    String unavailableBecause() {
        synchronized (lock) {
            return opener == null ? null : opener.lastError();
        }
    }

    /** The open database, if it is open. */
    Optional<TaskDatabase> database() {
        synchronized (lock) {
            return current == null ? Optional.empty() : Optional.of(current.db());
        }
    }

    // guarded by lock
    private void startOpening() {
        opener = new StoreOpener<>(where, this::attempt, this::opened, firstRetry, maxRetry).start();
    }

    /** One attempt to open the database (on the opener's thread). */
    private Opened attempt() throws TaskStoreException {
        if (dialect == Dialect.SQLITE) {
            return new Opened(TaskDatabases.openSqlite(sqliteFile, readers, settings), null);
        }
        Map.Entry<DataSourceFactory, String> found = drivers.entrySet().stream()
                .filter(e -> e.getValue().equals(dialect.driverClass())).findFirst().orElse(null);
        if (found == null) {
            throw new TaskStoreException("no JDBC driver for " + dialect.prefix() + " install the PostgreSQL driver bundle"
                    + " (org.postgresql:postgresql 42.7.x, symbolic name org.postgresql.jdbc) together with"
                    + " org.osgi.service.jdbc: it registers a DataSourceFactory with osgi.jdbc.driver.class="
                    + dialect.driverClass() + " (task store " + where + ")", null);
        }
        Driver driver;
        try {
            driver = found.getKey().createDriver(null);
        } catch (SQLException | RuntimeException e) {
            throw new TaskStoreException("task store " + where + ": the JDBC driver " + dialect.driverClass()
                    + " cannot be created: " + Secrets.of(url, password).mask(e.getMessage()), null);
        }
        return new Opened(TaskDatabases.openJdbc(url, user, password, readers, driver, settings), found.getKey());
    }

    /** The database is open: register it as the TaskStore service, unless it is no longer wanted. */
    private void opened(Opened opened) {
        synchronized (lock) {
            boolean driverGone = opened.driver() != null && !drivers.containsKey(opened.driver());
            if (!active || driverGone) {
                opened.close();
                if (active) {
                    startOpening(); // the driver went away while connecting: wait for another one
                }
                return;
            }
            opener = null;
            current = opened;
        }
        TaskDatabase db = opened.db();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, RANKING);
        properties.put(PROPERTY_DATABASE, db.where());
        properties.put(PROPERTY_DIALECT, db.dialect().name().toLowerCase(java.util.Locale.ROOT));
        // outside the lock: registering starts the scheduler in this thread
        // the executions first: the scheduler, which starts when the TaskStore appears, then binds them at once
        // (a greedy reference arriving later would restart it)
        ServiceRegistration<ExecutionStore> x = context.registerService(ExecutionStore.class, db.executions(), properties);
        ServiceRegistration<TaskStore> r = context.registerService(TaskStore.class, db, properties);
        // the night's records and the sequences' store on the same database, after the tasks' (the
        // sequence layer needs them all: the target store first, so it is there when the sequences' is)
        ServiceRegistration<TargetStore> t = context.registerService(TargetStore.class, db.targets(), properties);
        ServiceRegistration<SequenceStore> s = context.registerService(SequenceStore.class, db.sequences(), properties);
        boolean keep;
        synchronized (lock) {
            keep = current == opened;
            if (keep) {
                registration = r;
                executionRegistration = x;
                sequenceRegistration = s;
                targetRegistration = t;
            }
        }
        if (!keep) {
            unregister(s); // closed meanwhile
            unregister(t);
            unregister(r);
            unregister(x);
            return;
        }
        LOG.info("Task store {} open ({}, schema version {}, {} reader connections)", db.where(),
                properties.get(PROPERTY_DIALECT),
                db.schemaVersion(), readers);
    }

    /** Unregisters the services first (their users stop using them), then closes the database. */
    private void closeCurrent(String message) {
        Opened o;
        ServiceRegistration<TaskStore> r;
        ServiceRegistration<SequenceStore> s;
        ServiceRegistration<TargetStore> t;
        ServiceRegistration<ExecutionStore> x;
        synchronized (lock) {
            o = current;
            r = registration;
            x = executionRegistration;
            executionRegistration = null;
            s = sequenceRegistration;
            t = targetRegistration;
            current = null;
            registration = null;
            sequenceRegistration = null;
            targetRegistration = null;
        }
        unregister(s);
        unregister(t);
        unregister(r);
        unregister(x); // after the tasks': the scheduler stops with its TaskStore, not restarting without executions
        if (o != null) {
            o.close();
            LOG.info(message, o.db().where());
        }
    }

    private static void unregister(ServiceRegistration<?> r) {
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it when the bundle stopped
            }
        }
    }

    /** Removes the finished tasks older than the retention; logs what it did. */
    void removeOld() {
        TaskDatabase db = database().orElse(null);
        if (db == null) {
            return;
        }
        Instant cutoff = Instant.now().minus(Duration.ofDays(retentionDays));
        try {
            long removed = db.purgeFinishedBefore(cutoff);
            if (removed > 0) {
                LOG.info("Removed {} task(s) that finished before {} (retention {} days)", removed, cutoff,
                        retentionDays);
            }
        } catch (TaskStoreException e) {
            LOG.warn("Removing old tasks from {} failed: {}", db.where(), e.getMessage());
        }
    }
}
