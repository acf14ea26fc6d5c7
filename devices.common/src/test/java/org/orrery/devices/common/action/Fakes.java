package org.orrery.devices.common.action;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.orrery.device.Camera;
import org.orrery.device.CameraInfo;
import org.orrery.device.ConnectionState;
import org.orrery.device.Device;
import org.orrery.device.DeviceException;
import org.orrery.device.DeviceRemovedException;
import org.orrery.device.ExposureSettings;
import org.orrery.device.FilterWheel;
import org.orrery.device.Focuser;
import org.orrery.device.Frame;
import org.orrery.device.Microscope;
import org.orrery.device.Mount;
import org.orrery.device.Stage;

/**
 * Small device implementations for the tests: honest by default, and able to lie (report done
 * elsewhere, return an empty or flat image, never finish) on request.
 */
public final class Fakes {

    private Fakes() {
    }

    /** Runs after a short real delay, off the caller's thread, like a driver. */
    public static Executor soon() {
        return CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS);
    }

    /**
     * A motion as a driver makes it: with {@link Motion#NEVER} it never ends; otherwise
     * {@code end} runs soon, off the caller's thread, and then the stage completes.
     */
    static CompletableFuture<Void> move(Motion motion, Runnable end) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (motion != Motion.NEVER) {
            soon().execute(() -> {
                end.run();
                done.complete(null);
            });
        }
        return done;
    }

    public abstract static class FakeDevice implements Device {
        public final String id;
        public volatile ConnectionState state = ConnectionState.CONNECTED;

        public FakeDevice(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String name() {
            return "Fake " + type().id() + " " + id;
        }

        @Override
        public String driver() {
            return "fake";
        }

        @Override
        public ConnectionState connectionState() {
            return state;
        }

        @Override
        public Map<String, Object> values() {
            return Map.of();
        }
    }

    // ---------------------------------------------------------------- camera

    public enum Image { NOISE, ZEROS, CONSTANT, WRONG_SIZE, WRONG_BINNING, NEVER, REFUSE, REMOVED }

    public static final class FakeCamera extends FakeDevice implements Camera {
        public volatile Image image = Image.NOISE;
        public volatile CameraInfo info = new CameraInfo(64, 48, 3.76, 16, 4, 0.0001, 3600, 0, 500, 0, 200, true);
        public volatile double temperature = -10.0;
        public volatile Map<String, Object> headers = Map.of();
        public final AtomicInteger exposures = new AtomicInteger();
        public final AtomicInteger aborts = new AtomicInteger();
        public final List<ExposureSettings> asked = new ArrayList<>();
        private volatile CompletableFuture<Frame> running;

        public FakeCamera(String id) {
            super(id);
        }

        @Override
        public CameraInfo info() {
            return info;
        }

        @Override
        public ExposureState exposureState() {
            CompletableFuture<Frame> r = running;
            return r != null && !r.isDone() ? ExposureState.EXPOSING : ExposureState.IDLE;
        }

        @Override
        public double temperature() {
            return temperature;
        }

        @Override
        public synchronized CompletionStage<Frame> expose(ExposureSettings s) {
            exposures.incrementAndGet();
            asked.add(s);
            Instant start = Instant.now();
            CompletableFuture<Frame> f = new CompletableFuture<>();
            running = f;
            switch (image) {
                case NEVER -> {
                    return f;
                }
                case REFUSE -> f.completeExceptionally(new DeviceException(id, "gain " + s.gain() + " refused"));
                case REMOVED -> soon().execute(() -> f.completeExceptionally(new DeviceRemovedException(id)));
                default -> soon().execute(() -> f.complete(frame(s, start)));
            }
            return f;
        }

        private Frame frame(ExposureSettings s, Instant start) {
            int w = info.width() / s.binX();
            int h = info.height() / s.binY();
            ExposureSettings applied = s;
            if (image == Image.WRONG_SIZE) {
                w = info.width();
                h = info.height();
            }
            if (image == Image.WRONG_BINNING) {
                applied = new ExposureSettings(s.seconds(), s.frameType(), 1, 1, s.gain(), s.offset());
            }
            return new Frame(w, h, 16, pixels(image, w, h), start, applied, headers);
        }

        public static int[] pixels(Image image, int w, int h) {
            int[] p = new int[w * h];
            Random random = new Random(42);
            for (int i = 0; i < p.length; i++) {
                p[i] = switch (image) {
                    case ZEROS -> 0;
                    case CONSTANT -> 1000;
                    default -> 1000 + random.nextInt(100) + (i % w == 10 ? 30000 : 0);
                };
            }
            if (image != Image.ZEROS && image != Image.CONSTANT) {
                p[p.length - 1] = 65535;
                p[0] = 0;
            }
            return p;
        }

        @Override
        public void abortExposure() {
            aborts.incrementAndGet();
            CompletableFuture<Frame> r = running;
            if (r != null) {
                r.completeExceptionally(new DeviceException(id, "exposure aborted"));
            }
        }
    }

    // ---------------------------------------------------------------- mount

    /**
     * HONEST does it; LIES says done but is off; NEVER never ends; STUCK (focuser) says done but never leaves its
     * position; OFF_ONCE (mount) ends its first slew 0.004 h of RA short (like INDI's telescope simulator after a
     * long slew), then slews exactly.
     */
    public enum Motion { HONEST, LIES, NEVER, NO_TRACKING, STUCK, OFF_ONCE }

    public static final class FakeMount extends FakeDevice implements Mount {
        public volatile Motion motion = Motion.HONEST;
        public volatile double ra = 2.0;
        public volatile double dec = 10.0;
        public volatile boolean tracking;
        public volatile boolean parked;
        public volatile boolean slewing;
        public volatile Site site = new Site(52.5, 13.4, 35);
        /** The pier side now; with {@link #flips} a slew sets {@link #sideAfterSlew}. */
        public volatile PierSide pierSide = PierSide.UNKNOWN;
        public volatile PierSide sideAfterSlew = PierSide.UNKNOWN;
        public volatile boolean flips;
        /** With LIES a sync or an offset changes nothing. */
        public final org.orrery.devices.common.sky.Offsets offsets = new org.orrery.devices.common.sky.Offsets();
        public final AtomicInteger aborts = new AtomicInteger();
        public final AtomicInteger commands = new AtomicInteger();
        public final List<double[]> offsetsAsked = new java.util.concurrent.CopyOnWriteArrayList<>();

        public FakeMount(String id) {
            super(id);
        }

        @Override
        public double rightAscension() {
            return ra;
        }

        @Override
        public double declination() {
            return dec;
        }

        @Override
        public boolean tracking() {
            return tracking;
        }

        @Override
        public boolean parked() {
            return parked;
        }

        @Override
        public boolean slewing() {
            return slewing;
        }

        @Override
        public Site site() {
            return site;
        }

        @Override
        public PierSide pierSide() {
            return pierSide;
        }

        @Override
        public Map<String, Object> values() {
            Map<String, Object> v = new java.util.LinkedHashMap<>();
            offsets.put(v, pierSide);
            return v;
        }

        @Override
        public CompletionStage<Void> slew(double raHours, double decDegrees) {
            boolean first = commands.incrementAndGet() == 1;
            return act(() -> {
                ra = motion == Motion.OFF_ONCE && first ? raHours - 0.004 : raHours;
                dec = motion == Motion.LIES ? decDegrees - 3.1 : decDegrees;
                tracking = motion != Motion.NO_TRACKING;
                offsets.reset();
                if (flips) {
                    pierSide = sideAfterSlew;
                }
            });
        }

        @Override
        public CompletionStage<Void> sync(double raHours, double decDegrees) {
            commands.incrementAndGet();
            return act(() -> {
                if (motion != Motion.LIES) {
                    ra = raHours;
                    dec = decDegrees;
                    offsets.reset();
                }
            });
        }

        @Override
        public CompletionStage<Void> moveOffset(double raArcseconds, double decArcseconds) {
            commands.incrementAndGet();
            offsetsAsked.add(new double[] {raArcseconds, decArcseconds});
            return act(() -> {
                if (motion != Motion.LIES) {
                    double[] to = org.orrery.devices.common.sky.Offsets.shifted(ra, dec, raArcseconds, decArcseconds);
                    ra = to[0];
                    dec = to[1];
                    offsets.add(raArcseconds, decArcseconds);
                }
            });
        }

        @Override
        public CompletionStage<Void> park() {
            commands.incrementAndGet();
            return act(() -> {
                parked = motion != Motion.LIES;
                tracking = false;
            });
        }

        @Override
        public CompletionStage<Void> unpark() {
            commands.incrementAndGet();
            return act(() -> parked = motion == Motion.LIES);
        }

        @Override
        public CompletionStage<Void> setTracking(boolean on) {
            commands.incrementAndGet();
            return act(() -> tracking = motion == Motion.LIES ? !on : on);
        }

        private CompletionStage<Void> act(Runnable effect) {
            slewing = true;
            return move(motion, () -> {
                effect.run();
                slewing = false;
            });
        }

        @Override
        public void abort() {
            aborts.incrementAndGet();
            slewing = false;
        }
    }

    // ---------------------------------------------------------------- focuser

    public static final class FakeFocuser extends FakeDevice implements Focuser {
        public volatile Motion motion = Motion.HONEST;
        public volatile int position = 1000;
        public volatile int max = 50_000;
        public volatile boolean moving;
        public volatile double speed = Double.NaN;
        public final AtomicInteger aborts = new AtomicInteger();

        public FakeFocuser(String id) {
            super(id);
        }

        @Override
        public int position() {
            return position;
        }

        @Override
        public int maxPosition() {
            return max;
        }

        @Override
        public boolean moving() {
            return moving;
        }

        @Override
        public double temperature() {
            return 11.5;
        }

        @Override
        public CompletionStage<Void> moveTo(int target, double speed) {
            this.speed = speed;
            moving = true;
            return move(motion, () -> {
                position = motion == Motion.LIES ? target - 50 : motion == Motion.STUCK ? position : target;
                moving = false;
            });
        }

        @Override
        public void abort() {
            aborts.incrementAndGet();
            moving = false;
        }
    }

    // ---------------------------------------------------------------- filter wheel

    public static final class FakeFilterWheel extends FakeDevice implements FilterWheel {
        public volatile Motion motion = Motion.HONEST;
        public volatile int slot = 1;
        public volatile boolean moving;
        public volatile List<String> names = List.of("L", "R", "G", "B", "Ha");
        public final AtomicInteger selects = new AtomicInteger();

        public FakeFilterWheel(String id) {
            super(id);
        }

        @Override
        public int slot() {
            return slot;
        }

        @Override
        public List<String> filterNames() {
            return names;
        }

        @Override
        public boolean moving() {
            return moving;
        }

        @Override
        public CompletionStage<Void> select(int target) {
            selects.incrementAndGet();
            if (motion == Motion.NEVER) {
                moving = true;
            }
            return move(motion, () -> {
                if (motion != Motion.LIES) {
                    slot = target;
                }
            });
        }
    }

    // ---------------------------------------------------------------- stage and microscope

    public static final class FakeStage extends FakeDevice implements Stage {
        public volatile Motion motion = Motion.HONEST;
        public volatile double[] position = {0, 0, 100};
        public volatile boolean moving;
        public final AtomicInteger aborts = new AtomicInteger();

        public FakeStage(String id) {
            super(id);
        }

        @Override
        public double[] position() {
            return position.clone();
        }

        @Override
        public double[] limits() {
            return new double[] {-10_000, 10_000, -10_000, 10_000, 0, 500};
        }

        @Override
        public boolean moving() {
            return moving;
        }

        @Override
        public CompletionStage<Void> moveTo(double x, double y, double z) {
            moving = true;
            return move(motion, () -> {
                position = motion == Motion.LIES ? new double[] {x + 25, y, z} : new double[] {x, y, z};
                moving = false;
            });
        }

        @Override
        public void abort() {
            aborts.incrementAndGet();
            moving = false;
        }
    }

    public static final class FakeMicroscope extends FakeDevice implements Microscope {
        public final FakeStage stage;
        public final FakeFocuser focus;
        public final FakeCamera camera;

        public FakeMicroscope(String id) {
            super(id);
            stage = new FakeStage(id + "-stage");
            focus = new FakeFocuser(id + "-focus");
            camera = new FakeCamera(id + "-camera");
            camera.info = new CameraInfo(40, 30, 6.5, 16, 2, 0.00001, 60, 0.5, 16, -1, -1, false);
            camera.temperature = Double.NaN;
        }

        @Override
        public Stage stage() {
            return stage;
        }

        @Override
        public Focuser focus() {
            return focus;
        }

        @Override
        public Camera camera() {
            return camera;
        }
    }
}
