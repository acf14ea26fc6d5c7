package org.orrery.store.files.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

import org.orrery.files.FilePage;
import org.orrery.files.FileStore;
import org.orrery.files.FileStoreException;
import org.orrery.files.FileStoreException.Reason;
import org.orrery.files.StoredFile;
import org.orrery.files.WriteOptions;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ActionProperties;
import org.orrery.task.RetryPolicy;
import org.orrery.task.TaskException;
import org.orrery.task.TaskExecutionException;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskSpecPreparer;
import org.orrery.task.TaskTimeoutException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code storage}: seed 002's storage task on the {@link FileStore}: read, write, delete, list.
 * Seed 002's events (start, complete, error, cancel, cleanup) are the task's progress messages
 * and log lines, each starting with the event's name. See the module README.
 */
@Component(service = Action.class)
@ActionProperties(name = StorageRequest.ACTION, safeToRerun = true)
public final class StorageAction implements Action, TaskSpecPreparer {

    /** The delay between retries when {@code options.retries} gives the task its retry policy. */
    static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    static final String SCHEMA = schema();
    private static final int STEP = 64 * 1024;

    private final FileStore store;
    private final LongSupplier nanoTime;

    @Activate
    public StorageAction(@Reference FileStore store) {
        this(store, System::nanoTime);
    }

    StorageAction(FileStore store, LongSupplier nanoTime) {
        this.store = store;
        this.nanoTime = nanoTime;
    }

    private static String schema() {
        try (InputStream in = StorageAction.class.getResourceAsStream("storage-schema.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return StorageRequest.ACTION;
    }

    @Override
    public String description() {
        return "Reads, writes, deletes or lists files of the file store (seed 002), compressed and encrypted on request.";
    }

    @Override
    public String parameterSchema() {
        return SCHEMA;
    }

    /** A write replaces the file whole and a read, delete or list changes nothing: running again is harmless. */
    @Override
    public boolean safeToRerun() {
        return true;
    }

    /**
     * {@code options.timeout} and {@code options.retries} become the task's own timeout and retry
     * policy (a fixed {@link #RETRY_DELAY}) where the task set none: the task's own {@code timeout}
     * and retry fields win (README, "timeout and retries").
     */
    @Override
    public TaskSpec prepare(TaskSpec submitted) throws TaskParameterException {
        StorageRequest r = StorageRequest.read(submitted.parameters());
        checkPath(r);
        boolean timeout = r.timeout() != null && submitted.timeout() == null;
        boolean retries = r.retries() >= 0 && submitted.retry() == null;
        if (!timeout && !retries) {
            return submitted;
        }
        TaskSpec.Builder b = submitted.toBuilder();
        if (timeout) {
            b.timeout(r.timeout());
        }
        if (retries) {
            b.retry(RetryPolicy.fixed(r.retries(), RETRY_DELAY));
        }
        return b.build();
    }

    /**
     * A path the store would refuse by its text alone is a 400 at submission, not a failed task
     * (links leading out are found when the task runs, as they may change until then).
     */
    private static void checkPath(StorageRequest r) throws TaskParameterException {
        boolean folder = r.operation().equals("list");
        if (folder && r.path().isEmpty()) {
            return; // the root
        }
        try {
            FilePaths.check(r.path(), folder);
        } catch (FileStoreException e) {
            throw new TaskParameterException(StorageRequest.ACTION + ": parameter 'path': " + e.getMessage());
        }
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(ActionContext context) throws TaskException {
        StorageRequest r = StorageRequest.read(context.parameters());
        long deadline = r.timeout() == null ? Long.MAX_VALUE : nanoTime.getAsLong() + r.timeout().toNanos();
        event(context, 0, "start", r.operation() + " '" + r.path() + "'");
        try {
            stopIfAsked(context, r, deadline);
            Map<String, Object> result = switch (r.operation()) {
                case "write" -> write(context, r, deadline);
                case "read" -> read(r);
                case "delete" -> delete(r);
                default -> list(r);
            };
            stopIfAsked(context, r, deadline);
            event(context, 1, "complete", r.operation() + " '" + r.path() + "'");
            return CompletableFuture.completedFuture(result);
        } catch (TaskException e) {
            boolean cancelled = context.isCancelled();
            event(context, 1, cancelled ? "cancel" : "error", r.operation() + " '" + r.path() + "': " + e.getMessage());
            if (r.operation().equals("write")) {
                event(context, 1, "cleanup", "the temporary file of the write was removed; '" + r.path() + "' is as before");
            }
            throw e;
        }
    }

    private Map<String, Object> write(ActionContext context, StorageRequest r, long deadline) throws TaskException {
        InputStream data = new Stoppable(new ByteArrayInputStream(r.data()), context, r, deadline);
        try {
            StoredFile f = store.write(r.path(), data, new WriteOptions(r.compression(), r.encrypt(), r.overwrite()));
            return facts("write", f);
        } catch (FileStoreException e) {
            if (e.getCause() instanceof Stopped stopped) {
                throw stopped.reason;
            }
            throw failure(e, r, context);
        }
    }

    private Map<String, Object> read(StorageRequest r) throws TaskException {
        try {
            StoredFile f = store.stat(r.path()).orElseThrow(() -> new FileStoreException(Reason.NOT_FOUND, "no file '" + r.path() + "'"));
            byte[] content = store.read(r.path(), r.cache());
            Map<String, Object> result = facts("read", f);
            result.put("size", (long) content.length); // a listing may not know it (a large zstd frame: -1)
            if (r.encoding().equals("json")) {
                result.put("encoding", "json");
                result.put("data", json(content, r));
                return result;
            }
            String text = r.encoding().equals("base64") ? null : utf8(content);
            result.put("encoding", text == null ? "base64" : "text");
            result.put("data", text == null ? Base64.getEncoder().encodeToString(content) : text);
            return result;
        } catch (FileStoreException e) {
            throw failure(e, r, null);
        }
    }

    private Map<String, Object> delete(StorageRequest r) throws TaskException {
        try {
            return Map.of("operation", "delete", "path", r.path(), "deleted", store.delete(r.path()));
        } catch (FileStoreException e) {
            throw failure(e, r, null);
        }
    }

    private Map<String, Object> list(StorageRequest r) throws TaskException {
        try {
            FilePage page = store.list(r.path(), r.recursive(), r.offset(), r.limit());
            List<Map<String, Object>> files = new ArrayList<>();
            for (StoredFile f : page.files()) {
                Map<String, Object> m = facts(null, f);
                m.remove("operation");
                files.add(m);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("operation", "list");
            result.put("path", r.path());
            result.put("files", files);
            result.put("offset", page.offset());
            result.put("limit", r.limit());
            result.put("total", page.total());
            result.put("has_more", page.hasMore());
            return result;
        } catch (FileStoreException e) {
            throw failure(e, r, null);
        }
    }

    private static Map<String, Object> facts(String operation, StoredFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("operation", operation);
        m.put("path", f.path());
        m.put("size", f.size());
        m.put("stored_size", f.storedSize());
        m.put("modified", f.modified().toString());
        m.put("compressed", f.compression() != org.orrery.files.Compression.NONE);
        m.put("compression", f.compression().id());
        m.put("encrypted", f.encrypted());
        if (f.encrypted()) {
            m.put("key_id", f.keyId());
        }
        return m;
    }

    /** The content parsed as JSON (a read with encoding json); content that is not JSON fails for good. */
    private static Object json(byte[] content, StorageRequest r) throws TaskExecutionException {
        try {
            return StorageRequest.JSON.readValue(content, Object.class);
        } catch (IOException e) {
            throw new TaskExecutionException("storage: '" + r.path() + "' is not JSON (encoding: json): "
                    + e.getMessage().lines().findFirst().orElse(""), false, e);
        }
    }

    /** The bytes as text when they are UTF-8, else null. */
    private static String utf8(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A store failure as a task failure: only a disk error may pass with a retry (and only within options.retries). */
    private static TaskException failure(FileStoreException e, StorageRequest r, ActionContext context) {
        String message = "storage " + r.operation() + " '" + r.path() + "': " + e.reason() + ": " + e.getMessage();
        return switch (e.reason()) {
            case BAD_PATH -> new TaskParameterException(message);
            case IO -> new TaskExecutionException(message, retryable(r, context), e);
            default -> new TaskExecutionException(message, false, e);
        };
    }

    private static boolean retryable(StorageRequest r, ActionContext context) {
        return r.retries() < 0 || context == null || context.attempt() <= r.retries();
    }

    private void stopIfAsked(ActionContext context, StorageRequest r, long deadline) throws TaskException {
        if (context.isCancelled()) {
            TaskException why = context.cancellation().toCompletableFuture().getNow(null);
            throw why != null ? why : new TaskExecutionException("cancelled", false, null);
        }
        if (nanoTime.getAsLong() - deadline >= 0 && deadline != Long.MAX_VALUE) {
            TaskTimeoutException timeout = new TaskTimeoutException("storage " + r.operation() + " '" + r.path()
                    + "' took longer than options.timeout (" + r.timeout().toMillis() / 1000.0 + " s)");
            throw retryable(r, context) ? timeout : new TaskExecutionException(timeout.getMessage(), false, timeout);
        }
    }

    private static void event(ActionContext context, double fraction, String type, String message) {
        String line = type + ": " + message;
        if (type.equals("error")) {
            context.log().error(line);
        } else {
            context.log().info(line);
        }
        context.progress(fraction, line);
    }

    /** Why a write stopped: cancelled or out of time. */
    private static final class Stopped extends IOException {
        private static final long serialVersionUID = 1L;
        final transient TaskException reason;

        Stopped(TaskException reason) {
            super(reason.getMessage());
            this.reason = reason;
        }
    }

    /** The data of a write, in steps, checking before each step whether the write must stop. */
    private final class Stoppable extends InputStream {
        private final InputStream in;
        private final ActionContext context;
        private final StorageRequest request;
        private final long deadline;

        Stoppable(InputStream in, ActionContext context, StorageRequest request, long deadline) {
            this.in = in;
            this.context = context;
            this.request = request;
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            check();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            return in.read(b, off, Math.min(len, STEP));
        }

        private void check() throws Stopped {
            try {
                stopIfAsked(context, request, deadline);
            } catch (TaskException e) {
                throw new Stopped(e);
            }
        }
    }
}
