package org.orrery.devices.common.sim;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import org.orrery.device.FrameType;

/**
 * A simulated image sensor: turns the expected electrons per (binned) pixel into read-out values
 * with shot noise (Poisson), read noise (Gaussian), dark current (doubling every 6 °C, plus a few
 * hot pixels at fixed places), a full well, the gain's electrons per ADU, a bias set by the offset
 * and clipping to the bit depth. Binning sums pixels (as CMOS software binning does): signal and
 * dark add up, read noise grows with the square root of the pixels summed.
 */
public final class Sensor {

    /** Dark current doubles with every this many °C. */
    public static final double DARK_DOUBLING_CELSIUS = 6.0;

    /** What the sensor needs to know of an exposure to read it out (the renderers' scenes). */
    public interface Exposure {
        FrameType type();

        double seconds();

        int binX();

        int binY();

        double gain();

        int offset();

        double celsius();

        long noiseSeed();
    }

    private final int width;
    private final int height;
    private final int bitDepth;
    private final double fullWell;
    private final DoubleUnaryOperator electronsPerAdu;
    private final DoubleUnaryOperator readNoise;
    private final double biasPerOffset;
    private final double darkAt20;
    private final int[] hotIndex;
    private final float[] hotFactor;

    /**
     * @param electronsPerAdu gain setting → e⁻/ADU
     * @param readNoise gain setting → read noise in e⁻ (one pixel)
     * @param biasPerOffset ADU of bias per unit of offset
     * @param darkAt20 dark current at 20 °C in e⁻/s per pixel
     * @param hotFraction share of pixels that are hot (50 to 1000 times the dark current)
     * @param seed where the hot pixels are
     */
    public Sensor(int width, int height, int bitDepth, double fullWell, DoubleUnaryOperator electronsPerAdu,
            DoubleUnaryOperator readNoise, double biasPerOffset, double darkAt20, double hotFraction, long seed) {
        this.width = width;
        this.height = height;
        this.bitDepth = bitDepth;
        this.fullWell = fullWell;
        this.electronsPerAdu = electronsPerAdu;
        this.readNoise = readNoise;
        this.biasPerOffset = biasPerOffset;
        this.darkAt20 = darkAt20;
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int hot = (int) Math.round((double) width * height * hotFraction);
        hotIndex = new int[hot];
        hotFactor = new float[hot];
        for (int i = 0; i < hot; i++) {
            hotIndex[i] = r.nextInt(width * height);
            hotFactor[i] = (float) Math.pow(10, 1.7 + 1.3 * r.nextDouble());
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int bitDepth() {
        return bitDepth;
    }

    public int maxAdu() {
        return (1 << bitDepth) - 1;
    }

    public double fullWell() {
        return fullWell;
    }

    public double electronsPerAdu(double gain) {
        return electronsPerAdu.applyAsDouble(gain);
    }

    public double readNoise(double gain) {
        return readNoise.applyAsDouble(gain);
    }

    public double bias(int offset) {
        return biasPerOffset * offset;
    }

    /** Dark current in e⁻/s per pixel at {@code celsius}. */
    public double darkCurrent(double celsius) {
        return darkAt20 * Math.pow(2, (celsius - 20) / DARK_DOUBLING_CELSIUS);
    }

    /** Electrons that fill half of what a (binned) pixel can hold: the full well or the ADC's range. */
    public double halfWell(double gain, int binX, int binY, int offset) {
        double adcElectrons = (maxAdu() - bias(offset)) * electronsPerAdu(gain);
        return 0.5 * Math.max(0, Math.min(fullWell * binX * binY, adcElectrons));
    }

    /** Reads out a frame of {@code exposure}: dark current for its time, none for a bias. */
    public int[] readOut(float[] signal, Exposure e) {
        double darkSeconds = e.type() == FrameType.BIAS ? 0 : e.seconds();
        return readOut(signal, e.binX(), e.binY(), e.gain(), e.offset(), e.celsius(), darkSeconds, e.noiseSeed());
    }

    /**
     * Reads out a frame.
     *
     * @param signal expected photo-electrons per binned pixel ({@code (width/binX) × (height/binY)}),
     *        changed in place (dark current is added)
     * @param darkSeconds seconds of dark current (0 for a bias)
     */
    public int[] readOut(float[] signal, int binX, int binY, double gain, int offset, double celsius, double darkSeconds,
            long noiseSeed) {
        int w = width / binX;
        int h = height / binY;
        if (signal.length != w * h) {
            throw new IllegalArgumentException("signal must have " + w * h + " pixels, has " + signal.length);
        }
        int area = binX * binY;
        double dark = darkCurrent(celsius) * darkSeconds;
        if (dark > 0) {
            float perBinned = (float) (dark * area);
            for (int i = 0; i < signal.length; i++) {
                signal[i] += perBinned;
            }
            for (int k = 0; k < hotIndex.length; k++) {
                int x = (hotIndex[k] % width) / binX;
                int y = (hotIndex[k] / width) / binY;
                if (x < w && y < h) {
                    signal[y * w + x] += (float) (dark * (hotFactor[k] - 1));
                }
            }
        }
        double egain = electronsPerAdu(gain);
        double rn = readNoise(gain) * Math.sqrt(area);
        double rn2 = rn * rn;
        double well = fullWell * area;
        double bias = bias(offset);
        int max = maxAdu();
        SplittableRandom r = new SplittableRandom(noiseSeed);
        int[] out = new int[signal.length];
        double lastLambda = -1;
        double lastExp = 1;
        for (int i = 0; i < signal.length; i++) {
            double lambda = signal[i];
            double e;
            if (lambda >= 12) {
                e = lambda + Math.sqrt(lambda + rn2) * r.nextGaussian();
            } else {
                int k = 0;
                if (lambda > 0) {
                    if (lambda != lastLambda) {
                        lastLambda = lambda;
                        lastExp = Math.exp(-lambda);
                    }
                    double p = r.nextDouble();
                    while (p > lastExp) {
                        k++;
                        p *= r.nextDouble();
                    }
                }
                e = k + rn * r.nextGaussian();
            }
            if (e > well) {
                e = well;
            }
            long adu = Math.round(bias + e / egain);
            out[i] = adu < 0 ? 0 : adu > max ? max : (int) adu;
        }
        return out;
    }
}
