package org.orrery.auth.internal;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;

import org.orrery.security.Role;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code admin} user of a new home, stored off the start path. Its password is chosen (and
 * written to {@code etc/initial-admin-password}) at activation; its PBKDF2 hash, about 0.3 s of
 * CPU in a JVM that has just started, and {@code data/users.json} are made once the framework has
 * started, or at once by the first caller that needs the users before then (that caller waits
 * for it; so does anyone who comes while it is under way). Until {@code users.json} is written
 * the home has no users: a process ended before that creates a new admin password at its next
 * start, as a home without the file always does.
 */
final class FirstAdmin {

    /** The name of the thread that stores the admin after the framework has started. */
    static final String THREAD = "orrery-first-admin";

    private static final Logger LOG = LoggerFactory.getLogger(FirstAdmin.class);

    private final UserFile file;
    private final FutureTask<List<UserRecord>> store;

    FirstAdmin(UserFile file, char[] password, PasswordHasher hasher) {
        this.file = file;
        this.store = new FutureTask<>(() -> {
            List<UserRecord> created = List.of(new UserRecord(UserDirectory.ADMIN, Role.ADMIN, hasher.hash(password)));
            file.write(created);
            return created;
        });
    }

    /** What stores the admin: run it once, on any thread (a second run does nothing). */
    Runnable task() {
        return store;
    }

    /**
     * Stores the admin now, unless that is done or under way (then waits for it).
     *
     * @return the users stored: the admin, or none when {@code users.json} could not be written
     *         (logged; nobody can log in, and the next start tries again)
     */
    List<UserRecord> await() {
        store.run();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return store.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the admin is stored by now or soon; an answer without it would be wrong
                }
            }
        } catch (ExecutionException e) {
            LOG.error("Nobody can log in: the first admin could not be stored in {} ({}); the next start tries again",
                    file.path(), e.getCause() instanceof IOException ? e.getCause().getMessage() : e.getCause());
            return List.of();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs a task on a thread of its own once the framework has started (at once when it has
     * started already): the work of the start is done by then, and the runtime answers.
     */
    static Consumer<Runnable> afterFrameworkStart(BundleContext context) {
        return task -> {
            Runnable onThread = () -> {
                Thread thread = new Thread(task, THREAD);
                thread.setDaemon(true);
                thread.start();
            };
            FrameworkListener listener = new FrameworkListener() {
                @Override
                public void frameworkEvent(FrameworkEvent event) {
                    if (event.getType() == FrameworkEvent.STARTED) {
                        context.removeFrameworkListener(this);
                        onThread.run();
                    }
                }
            };
            context.addFrameworkListener(listener);
            Bundle framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
            if (framework.getState() == Bundle.ACTIVE) {
                // started before this listener was added: STARTED may never come (or has come); a
                // second run of the task does nothing
                context.removeFrameworkListener(listener);
                onThread.run();
            }
        };
    }
}
