package org.orrery.devices.alpaca.internal;

/**
 * An image as Alpaca sends it: {@code Array[NumX, NumY]} (or {@code [NumX, NumY, Plane]}) serialised
 * with the rightmost index changing fastest, so {@code data} is column after column ("[x][y]"),
 * the transpose of the row-by-row order a {@link org.orrery.device.Frame} uses.
 *
 * @param width NumX, the first dimension
 * @param height NumY, the second dimension
 * @param planes 1 for a rank-2 (monochrome or Bayer) image, the colour planes of a rank-3 image
 * @param data {@code width * height * planes} values, index {@code (x * height + y) * planes + plane}
 */
record AlpacaImage(int width, int height, int planes, int[] data) {

    AlpacaImage {
        if (width < 1 || height < 1 || planes < 1) {
            throw new IllegalArgumentException("an image needs at least one pixel and one plane, was " + width + "x"
                    + height + "x" + planes);
        }
        if ((long) width * height * planes != data.length) {
            throw new IllegalArgumentException("a " + width + "x" + height + "x" + planes + " image needs "
                    + (long) width * height * planes + " values, got " + data.length);
        }
    }

    int rank() {
        return planes == 1 ? 2 : 3;
    }

    /** The value at column x, row y (the mean of the planes of a colour image). */
    int at(int x, int y) {
        int base = (x * height + y) * planes;
        if (planes == 1) {
            return data[base];
        }
        long sum = 0;
        for (int p = 0; p < planes; p++) {
            sum += data[base + p];
        }
        return (int) Math.round((double) sum / planes);
    }

    /** Row by row from the top-left, each value clamped to {@code 0..max}. */
    int[] rowMajor(int max) {
        int[] out = new int[width * height];
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                int v = at(x, y);
                out[y * width + x] = v < 0 ? 0 : Math.min(v, max);
            }
        }
        return out;
    }
}
