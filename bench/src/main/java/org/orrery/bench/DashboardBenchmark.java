package org.orrery.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard through a real browser (issue 14, "Benchmark"): the runtime jar with 100 000
 * tasks in its store and about 2 000 task events/s flowing, Debian's headless chromium through
 * Selenium and Debian's chromedriver.
 * <ol>
 * <li><b>First render</b>: on the sign-in page, from the click on "Sign in" (performance.now() in
 * the page, just before the click) until the Live page's counts are in the document (a
 * MutationObserver sees {@code [data-testid=count-completed]}); a fresh page load before each.</li>
 * <li><b>Update</b>: a probe task ({@code system.wait} of {@code probe.seconds}, a unique name)
 * is submitted through the API while the page shows a view; the page records (a) when the probe's
 * {@code task_completed} event reaches the dashboard's event module (a listener added through
 * the module itself, after the view's), and (b) the first DOM change after that which shows the
 * completion where the view showed the probe: the element holding its name removed (the Live
 * page's running list, which shows at most 100 running tasks, so the probe may have no row there)
 * or its row now saying "completed" (the Tasks list, filtered to the probes' tag {@value #PROBE_TAG}
 * before the probes: it must show every probe, the newest 200 of that tag). Both are compared with
 * the event's {@code timestamp}, taken by the engine when the task completed (same machine, same
 * clock; the page's clock is {@code performance.timeOrigin + performance.now()}). (c) is the
 * next animation frame after (b): about when it is painted.</li>
 * </ol>
 * Baselines in the same run: for the first render, the two calls the Live page needs (sign-in,
 * statistics) by {@code fetch} from the same page; for an update, the event's arrival in the page.
 * Usage: {@code java DashboardBenchmark jar=runtime/target/orrery.jar [tasks=100000] [events=2000]
 * [renders=10] [probes=30] [views=live,tasks-all,tasks] [probe.seconds=1.5] [java=…] [jfr=file.jfr]
 * [report=file.md]}. It asserts nothing; it prints a Markdown section.
 */
public final class DashboardBenchmark {

    /** The probes' tag: the Tasks page is filtered to it, so it must show each probe's row. */
    static final String PROBE_TAG = "bench-probe";

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String auth = "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + ApiBenchmark.PASSWORD).getBytes(StandardCharsets.UTF_8));

    private DashboardBenchmark(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0 && eq < arg.length() - 1) {
                o.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        Path jar = Path.of(o.getOrDefault("jar", "runtime/target/orrery.jar")).toAbsolutePath();
        String java = o.getOrDefault("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        int tasks = Integer.parseInt(o.getOrDefault("tasks", "100000"));
        int eventRate = Integer.parseInt(o.getOrDefault("events", "2000"));
        int renders = Integer.parseInt(o.getOrDefault("renders", "10"));
        int probes = Integer.parseInt(o.getOrDefault("probes", "30"));
        double probeSeconds = Double.parseDouble(o.getOrDefault("probe.seconds", "1.5"));
        List<String> views = List.of(o.getOrDefault("views", "live,tasks-all,tasks").split(","));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw install first");
        }
        Path home = Files.createTempDirectory("orrery-dashboard-bench");
        int port = ApiBenchmark.freePort();
        Process runtime = ApiBenchmark.startRuntime(java, jar, home, port, o.get("jfr"));
        StringBuilder report = new StringBuilder();
        try {
            DashboardBenchmark bench = new DashboardBenchmark(port);
            ApiBenchmark.awaitHealthy(bench.http, bench.base + "/api/v1", runtime);
            long filled = bench.fill(tasks);
            Load load = bench.startLoad(eventRate);
            try (Page page = Page.open(bench.base)) {
                report.append(bench.measure(page, filled, renders, views, probes, probeSeconds, load, runtime.pid()));
            } finally {
                load.stop();
            }
        } finally {
            runtime.destroy();
            if (!runtime.waitFor(30, TimeUnit.SECONDS)) {
                runtime.destroyForcibly();
            }
        }
        System.out.println(report);
        String file = o.get("report");
        if (file != null) {
            Files.writeString(Path.of(file), report);
        }
    }

    // ---- the runtime: the store filled, the events flowing ----

    /** Submits {@code tasks} no-op tasks in batches of 10 000 and waits until they are done; returns the store's total. */
    long fill(int tasks) throws Exception {
        long start = System.nanoTime();
        for (int done = 0; done < tasks; done += 10_000) {
            int n = Math.min(10_000, tasks - done);
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < n; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"name\": \"fill ").append(done + i).append("\", \"action\": \"system.noop\"}");
            }
            HttpResponse<String> answer = post("/api/v1/tasks/batch", batch.append("]").toString());
            if (answer.statusCode() != 201 && answer.statusCode() != 200) {
                throw new IllegalStateException("batch answered " + answer.statusCode() + ": " + answer.body());
            }
            ApiBenchmark.awaitIdle(http, base + "/api/v1", auth);
        }
        String stats = get("/api/v1/scheduler/statistics").body();
        Matcher total = Pattern.compile("\"total_tasks\"\\s*:\\s*(\\d+)").matcher(stats);
        long stored = total.find() ? Long.parseLong(total.group(1)) : -1;
        System.out.printf(Locale.ROOT, "filled: %d tasks in %.1f s; the store holds %d%n", tasks,
                (System.nanoTime() - start) / 1e9, stored);
        return stored;
    }

    /** The load: batches of 20 no-op tasks (4 events each) at the rate that makes {@code eventsPerSecond}. */
    Load startLoad(int eventsPerSecond) {
        Load load = new Load();
        int perBatch = 20;
        long interval = (long) (1e9 / (eventsPerSecond / 4.0 / perBatch));
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < perBatch; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"action\": \"system.noop\"}");
        }
        String body = batch.append("]").toString();
        Thread thread = new Thread(() -> {
            long next = System.nanoTime();
            while (!load.stopped.get()) {
                http.sendAsync(request("/api/v1/tasks/batch").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding());
                load.tasks.addAndGet(perBatch);
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "dashboard-bench-load");
        load.started = System.nanoTime();
        thread.setDaemon(true);
        thread.start();
        return load;
    }

    static final class Load {
        final AtomicBoolean stopped = new AtomicBoolean();
        final AtomicLong tasks = new AtomicLong();
        long started;

        void stop() {
            stopped.set(true);
        }

        double eventsPerSecond() {
            return tasks.get() * 4 / ((System.nanoTime() - started) / 1e9);
        }
    }

    // ---- the browser ----

    String measure(Page page, long stored, int renders, List<String> views, int probes, double probeSeconds, Load load,
            long runtimePid)
            throws Exception {
        StringBuilder out = new StringBuilder();
        out.append("## Dashboard through the browser: ").append(String.format(Locale.ROOT, "%,d", stored))
                .append(" tasks stored, ~").append(Math.round(load.eventsPerSecond())).append(" events/s\n\n");
        // first render, with one warm-up (the browser's cache of the modules is what a person's second visit has)
        List<Double> firsts = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (int i = -1; i < renders; i++) {
            Object[] r = page.firstRender();
            if (i >= 0) {
                firsts.add((Double) r[0]);
                where.add((String) r[1]);
            }
        }
        out.append("| measure | n | p50 ms | p99 ms | max ms | goal | |\n|---|---:|---:|---:|---:|---|---|\n");
        row(out, "first render: sign-in click → Live counts in the page", firsts, "< 1 000 ms", max(firsts) < 1000);
        // the baseline: the two calls the Live page cannot do without, by fetch from the same page
        List<Double> floor = new ArrayList<>();
        for (int i = 0; i < renders; i++) {
            floor.add(page.rawCalls());
        }
        row(out, "baseline: `POST /session` + `GET /scheduler/statistics` by fetch in the same page", floor, "", true);
        List<String> ratios = new ArrayList<>();
        ratios.add(String.format(Locale.ROOT, "first render / baseline (p50): %.2f×",
                BenchSupport.Summary.of(firsts).median() / BenchSupport.Summary.of(floor).median()));
        List<String> rates = new ArrayList<>();
        for (String view : views) {
            page.show(view);
            long machine0 = CpuSnapshot.machineBusyTicks();
            long runtime0 = CpuSnapshot.ownTicks(runtimePid);
            long nanos0 = System.nanoTime();
            List<Double> arrive = new ArrayList<>();
            List<Double> change = new ArrayList<>();
            List<Double> paint = new ArrayList<>();
            int lost = 0;
            int notShown = 0; // the view did not show the probe, or not its completion within 2 s of the event
            for (int i = 0; i < probes; i++) {
                String name = "probe " + view + " " + i + " " + System.nanoTime();
                page.watch(name);
                String id = id(post("/api/v1/tasks", "{\"name\": \"" + name + "\", \"action\": \"system.wait\","
                        + " \"tags\": [\"" + PROBE_TAG + "\"], \"parameters\": {\"duration\": " + probeSeconds + "}}").body());
                double[] r = page.awaitProbe(id, name, (long) (probeSeconds * 1000) + 10_000);
                if (r == null) { // the event never came (the stream dropped the page for falling behind?)
                    lost++;
                    continue;
                }
                arrive.add(r[0]);
                if (Double.isNaN(r[1])) {
                    notShown++;
                } else {
                    change.add(r[1]);
                    paint.add(r[2]);
                }
            }
            double capacity = (System.nanoTime() - nanos0) / 1e9 * CpuSnapshot.TICKS_PER_SECOND
                    * Runtime.getRuntime().availableProcessors() / 100;
            String cpu = String.format(Locale.ROOT, "machine CPU %.0f %% busy (the runtime %.0f %%)",
                    (CpuSnapshot.machineBusyTicks() - machine0) / capacity,
                    (CpuSnapshot.ownTicks(runtimePid) - runtime0) / capacity);
            rates.add("#/" + view + " " + cpu + ", " + Math.round(page.eventRate()) + "/s, main thread in long tasks "
                    + Math.round(page.longTaskShare() * 100) + " % of the time, stream closed " + page.streamClosings()
                    + " times, " + lost + " of " + probes + " probes' completion events never arrived");
            row(out, "#/" + view + ": completion → event in the page", arrive, "", true);
            if (view.equals("tasks-all")) { // 200 newer tasks come in 0.4 s: the probe's row is let go of before it ends
                out.append("| #/tasks-all: the page changes | | | | | | not measured: the list holds the newest 200 tasks,"
                        + " the probe is not among them when it ends |\n");
            } else if (view.equals("live")) { // the running list shows at most 100 running tasks: the probe may have none
                if (!change.isEmpty()) {
                    row(out, "#/live: completion → the running list drops the probe (DOM), when it showed it", change, "", true);
                }
                out.append("| #/live: probes the running list did not show (it shows at most 100 running tasks) | ").append(notShown)
                        .append(" | | | | | |\n");
            } else if (change.isEmpty()) {
                out.append("| #/").append(view).append(": completion → the page changes | 0 | | | | p99 < 100 ms |")
                        .append(" not measurable: the view showed no probe's completion |\n");
            } else {
                row(out, "#/" + view + ": completion → the page changes (DOM)", change, "p99 < 100 ms", p99(change) < 100);
                ratios.add(String.format(Locale.ROOT, "#/%s page change / event arrival (p50): %.2f×", view,
                        BenchSupport.Summary.of(change).median() / BenchSupport.Summary.of(arrive).median()));
                row(out, "#/" + view + ": completion → next frame after the change", paint, "", true);
                if (notShown > 0) {
                    out.append("| #/").append(view).append(": probes whose completion the view did not show (within 2 s) | ").append(notShown)
                            .append(" | | | | | |\n");
                }
            }
        }
        out.append("\nRatios against the baselines of the same run: ").append(String.join("; ", ratios)).append(".\n");
        out.append("\nEvents seen by the page while measuring: ").append(String.join(", ", rates))
                .append(" (the load generator: ").append(Math.round(load.eventsPerSecond())).append(" events/s).\n\n");
        out.append("Where the first render's time went (resource timing of the last run, ms from the click):\n\n");
        out.append(where.get(where.size() - 1)).append("\n");
        return out.toString();
    }

    private static void row(StringBuilder out, String what, List<Double> samples, String goal, boolean met) {
        BenchSupport.Summary s = BenchSupport.Summary.of(samples);
        out.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %s | %s |%n", what, samples.size(),
                s.median(), p99(samples), max(samples), goal, goal.isEmpty() ? "" : BenchSupport.passMiss(met)));
    }

    static double p99(List<Double> samples) {
        List<Double> sorted = new ArrayList<>(samples);
        sorted.sort(null);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
    }

    static double max(List<Double> samples) {
        return samples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    // ---- HTTP ----

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120)).header("Authorization", auth)
                .header("Content-Type", "application/json");
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String id(String body) {
        Matcher m = ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + body);
        }
        return m.group(1);
    }

    /** Headless chromium on the dashboard, signed in as admin. */
    static final class Page implements AutoCloseable {
        final ChromeDriver driver;
        final String base;
        final Path profile;

        private Page(ChromeDriver driver, String base, Path profile) {
            this.driver = driver;
            this.base = base;
            this.profile = profile;
        }

        static Page open(String base) throws Exception {
            Path profile = Files.createTempDirectory("orrery-bench-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-extensions", "--user-data-dir=" + profile, "--window-size=1280,900");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
            return new Page(driver, base, profile);
        }

        /** One sign-in on a freshly loaded page: [ms from the click to the counts, resource timings]. */
        Object[] firstRender() {
            driver.get(base + "/orrery/");
            driver.executeScript("sessionStorage.clear();");
            driver.navigate().refresh();
            new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(30))
                    .until(d -> !d.findElements(By.cssSelector("[data-testid=signin-user]")).isEmpty());
            driver.findElement(By.cssSelector("[data-testid=signin-user]")).sendKeys("admin");
            driver.findElement(By.cssSelector("[data-testid=signin-password]")).sendKeys(ApiBenchmark.PASSWORD);
            @SuppressWarnings("unchecked")
            List<Object> r = (List<Object>) driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const t0 = performance.now();
                    const finish = () => {
                      const t1 = performance.now();
                      const lines = performance.getEntriesByType('resource')
                        .filter((e) => e.startTime >= t0)
                        .map((e) => '- ' + new URL(e.name).pathname + ': ' + (e.startTime - t0).toFixed(1) + ' → '
                          + (e.responseEnd - t0).toFixed(1) + ' (server wait ' + (e.responseStart - e.requestStart).toFixed(1) + ')');
                      done([t1 - t0, lines.join('\\n') + '\\n- counts in the page: ' + (t1 - t0).toFixed(1)]);
                    };
                    const seen = () => document.querySelector('[data-testid=count-completed]');
                    const observer = new MutationObserver(() => { if (seen()) { observer.disconnect(); finish(); } });
                    observer.observe(document.body, {childList: true, subtree: true});
                    document.querySelector('[data-testid=signin-submit]').click();
                    """);
            return new Object[] {((Number) r.get(0)).doubleValue(), (String) r.get(1)};
        }

        /**
         * The floor under the first render: a sign-in and the statistics the Live page shows, by
         * {@code fetch} from the page, one after the other (the token is revoked after); ms.
         */
        double rawCalls() {
            Object r = driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const t0 = performance.now();
                    fetch('/api/v1/session', {method: 'POST', headers: {'Content-Type': 'application/json'},
                        body: JSON.stringify({user: 'admin', password: arguments[0]}), credentials: 'omit'})
                      .then((r) => r.json())
                      .then((s) => fetch('/api/v1/scheduler/statistics', {headers: {Authorization: 'Bearer ' + s.token}})
                        .then((r) => r.json())
                        .then(() => {
                          const t = performance.now() - t0;
                          return fetch('/api/v1/session', {method: 'DELETE', headers: {Authorization: 'Bearer ' + s.token}})
                            .then(() => done(t));
                        }))
                      .catch((e) => done(-1));
                    """, ApiBenchmark.PASSWORD);
            double ms = ((Number) r).doubleValue();
            if (ms < 0) {
                throw new IllegalStateException("the baseline's sign-in or statistics call failed");
            }
            return ms;
        }

        /** Shows a view and hooks the page: the dashboard's own event module, and a count of events. */
        /** Shows a view: {@code live}, {@code tasks} (filtered to the probes' tag) or {@code tasks-all} (not filtered). */
        void show(String view) {
            String route = view.startsWith("tasks") ? "tasks" : view;
            driver.get(base + "/orrery/#/" + route);
            new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(30))
                    .until(d -> !d.findElements(By.cssSelector("[data-testid=view-" + route + "]")).isEmpty());
            driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const now = () => performance.timeOrigin + performance.now();
                    if (window.__bench) { // the same document (only the hash changed): new counters, same hooks
                      Object.assign(window.__bench, {probes: {}, count: 0, closed: 0, longTasks: 0, since: now()});
                      done(true);
                      return;
                    }
                    import('/orrery/js/events.js').then(({events}) => {
                      window.__bench = {probes: {}, count: 0, closed: 0, longTasks: 0, since: now()};
                      // the main thread's long tasks (> 50 ms), where a busy page spends its time
                      new PerformanceObserver((list) => {
                        for (const e of list.getEntries()) window.__bench.longTasks += e.duration;
                      }).observe({type: 'longtask'});
                      events.on((e) => {
                        window.__bench.count++;
                        if (e.type === 'stream_closed') window.__bench.closed++;
                        if (e.type !== 'task_completed') return;
                        const p = Object.values(window.__bench.probes).find((q) => q.id === e.task_id);
                        if (p) { p.completedAt = Date.parse(e.timestamp.replace(/(\\.\\d{3})\\d+/, '$1')); p.arrived = now(); }
                      });
                      // where the view shows the probe: its [data-task-id] element, else (at most every
                      // 100 ms: it walks the whole page) the nearest row around its name
                      const find = (p, t) => {
                        if (p.id) {
                          const el = document.querySelector('[data-task-id="' + CSS.escape(p.id) + '"]');
                          if (el) return el;
                        }
                        if (t - (p.searched || 0) < 100) return null;
                        p.searched = t;
                        const hit = document.evaluate('//*[contains(text(), "' + p.name + '")]', document.body, null,
                          XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
                        return hit ? (hit.closest('tr, li, .card') || hit) : null;
                      };
                      new MutationObserver(() => {
                        const t = now();
                        for (const p of Object.values(window.__bench.probes)) {
                          if (p.changed) continue;
                          if (!p.row) {
                            const row = find(p, t);
                            if (row && !p.arrived) p.row = row; // seen while it was not yet completed
                            else if (row && /completed/.test(row.textContent)) { p.row = row; p.late = true; }
                            if (!p.row || !p.late) continue;
                          }
                          if (!p.arrived) continue;
                          if (!p.row.isConnected || /completed/.test(p.row.textContent)) {
                            p.changed = t;
                            requestAnimationFrame(() => { p.painted = now(); });
                          }
                        }
                      }).observe(document.body, {childList: true, subtree: true, characterData: true, attributes: true});
                      done(true);
                    });
                    """);
            if (view.equals("tasks")) { // the list filtered to the probes' tag, read again (its 400 ms debounce)
                driver.executeScript("const t = document.querySelector('[data-testid=filter-tag]');"
                        + " t.value = arguments[0]; t.dispatchEvent(new Event('change'));", PROBE_TAG);
                new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> (Boolean) ((JavascriptExecutor) d)
                        .executeScript("const names = [...document.querySelectorAll('[data-testid=task-name]')];"
                                + " return names.every((a) => a.textContent.startsWith('probe '))"
                                + " && /loaded tasks shown/.test(document.querySelector('[data-testid=task-summary]').textContent);"));
            }
        }

        /** Events per second the page's event module has seen since {@link #show} (or 0 before). */
        double eventRate() {
            Object r = driver.executeScript("return window.__bench ? window.__bench.count * 1000"
                    + " / (performance.timeOrigin + performance.now() - window.__bench.since) : 0;");
            return ((Number) r).doubleValue();
        }

        /** The share of the time since {@link #show} the page's main thread spent in long tasks (0..1). */
        double longTaskShare() {
            return ((Number) driver.executeScript("return window.__bench.longTasks"
                    + " / (performance.timeOrigin + performance.now() - window.__bench.since);")).doubleValue();
        }

        /** How often the page's event stream closed since {@link #show}. */
        long streamClosings() {
            return ((Number) driver.executeScript("return window.__bench.closed;")).longValue();
        }

        void watch(String name) {
            driver.executeScript("window.__bench.probes[arguments[0]] = {name: arguments[0]};", name);
        }

        /**
         * Waits for the probe's completion in the page: [event arrival, DOM change, next frame] in ms
         * after the engine's completion timestamp; NaN for a view that never showed the probe; null
         * when the event never came.
         */
        double[] awaitProbe(String id, String name, long timeoutMillis) throws InterruptedException {
            driver.executeScript("window.__bench.probes[arguments[1]].id = arguments[0];", id, name);
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (System.currentTimeMillis() < deadline) {
                @SuppressWarnings("unchecked")
                Map<String, Object> p = (Map<String, Object>) driver.executeScript(
                        "const p = window.__bench.probes[arguments[0]]; return {completedAt: p.completedAt || null,"
                                + " arrived: p.arrived || null, changed: p.changed || null, painted: p.painted || null,"
                                + " shown: !!p.row || !!p.changed};", name);
                if (p.get("arrived") != null) {
                    double completed = ((Number) p.get("completedAt")).doubleValue();
                    double arrived = ((Number) p.get("arrived")).doubleValue() - completed;
                    if (p.get("painted") != null) {
                        return new double[] {arrived, ((Number) p.get("changed")).doubleValue() - completed,
                            ((Number) p.get("painted")).doubleValue() - completed};
                    }
                    boolean shown = Boolean.TRUE.equals(p.get("shown"));
                    // give the view 2 s after the event to show the change; a view that never showed the probe: NaN
                    if (!shown || System.currentTimeMillis() - (long) (completed + arrived) > 2000) {
                        return new double[] {arrived, Double.NaN, Double.NaN};
                    }
                }
                Thread.sleep(20);
            }
            return null;
        }

        @Override
        public void close() throws Exception {
            try {
                driver.quit();
            } finally {
                try (var files = Files.walk(profile)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
