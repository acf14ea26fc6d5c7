package org.orrery.devices.alpaca.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads {@code imagearray} replies: the binary ImageBytes form (Alpaca API reference, "Alpaca
 * Camera ImageBytes Reference": a 44-byte little-endian metadata block, then the elements or a
 * UTF-8 error message at {@code DataStart}) and the JSON form ({@code Type}, {@code Rank},
 * {@code Value} as nested arrays), the latter streamed so a large image never becomes one string.
 */
final class ImageDecoder {

    /** Metadata version 1: eleven 32-bit fields. */
    static final int METADATA_V1_LENGTH = 44;

    /** ImageArrayElementTypes. */
    static final int UNKNOWN = 0, INT16 = 1, INT32 = 2, DOUBLE = 3, SINGLE = 4, UINT64 = 5, BYTE = 6, INT64 = 7,
            UINT16 = 8, UINT32 = 9;

    /** An error the reply itself carries (number != 0), or a reply that cannot be read (number 0). */
    static final class ReplyError extends Exception {
        private static final long serialVersionUID = 1L;
        private final int errorNumber;

        ReplyError(int errorNumber, String message) {
            super(message);
            this.errorNumber = errorNumber;
        }

        int errorNumber() {
            return errorNumber;
        }
    }

    private ImageDecoder() {
    }

    static AlpacaImage imageBytes(byte[] bytes) throws ReplyError {
        if (bytes.length < METADATA_V1_LENGTH) {
            throw new ReplyError(0, "an ImageBytes reply needs at least " + METADATA_V1_LENGTH
                    + " bytes of metadata, got " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.getInt(0);
        if (version != 1) {
            throw new ReplyError(0, "expected ImageBytes metadata version 1, got " + version);
        }
        int errorNumber = b.getInt(4);
        int dataStart = b.getInt(16);
        if (dataStart < METADATA_V1_LENGTH || dataStart > bytes.length) {
            throw new ReplyError(0, "ImageBytes DataStart " + dataStart + " is outside the reply's " + bytes.length
                    + " bytes (expected at least " + METADATA_V1_LENGTH + ")");
        }
        if (errorNumber != 0) {
            String message = new String(bytes, dataStart, bytes.length - dataStart, StandardCharsets.UTF_8);
            throw new ReplyError(errorNumber, message);
        }
        int transmission = b.getInt(24);
        int rank = b.getInt(28);
        int width = b.getInt(32);
        int height = b.getInt(36);
        int planes = rank == 3 ? b.getInt(40) : 1;
        if (rank != 2 && rank != 3) {
            throw new ReplyError(0, "expected an image of rank 2 or 3, got rank " + rank);
        }
        if (width < 1 || height < 1 || planes < 1) {
            throw new ReplyError(0, "ImageBytes dimensions " + width + "x" + height + "x" + planes
                    + " are not those of an image");
        }
        int size = elementSize(transmission);
        long count = (long) width * height * planes;
        if (count > Integer.MAX_VALUE || dataStart + count * size > bytes.length) {
            throw new ReplyError(0, "a " + width + "x" + height + (rank == 3 ? "x" + planes : "") + " image of "
                    + typeName(transmission) + " needs " + count * size + " bytes after DataStart " + dataStart
                    + ", the reply has " + (bytes.length - dataStart));
        }
        int[] data = new int[(int) count];
        b.position(dataStart);
        for (int i = 0; i < data.length; i++) {
            data[i] = switch (transmission) {
                case BYTE -> b.get() & 0xFF;
                case INT16 -> b.getShort();
                case UINT16 -> b.getShort() & 0xFFFF;
                case INT32 -> b.getInt();
                case UINT32 -> clamp(Integer.toUnsignedLong(b.getInt()));
                case INT64 -> clamp(b.getLong());
                case UINT64 -> {
                    long v = b.getLong();
                    yield v < 0 ? Integer.MAX_VALUE : clamp(v);
                }
                case SINGLE -> clamp(Math.round((double) b.getFloat()));
                case DOUBLE -> clamp(Math.round(b.getDouble()));
                default -> throw new IllegalStateException("unreachable");
            };
        }
        return new AlpacaImage(width, height, planes, data);
    }

    static int elementSize(int type) throws ReplyError {
        return switch (type) {
            case BYTE -> 1;
            case INT16, UINT16 -> 2;
            case INT32, UINT32, SINGLE -> 4;
            case INT64, UINT64, DOUBLE -> 8;
            default -> throw new ReplyError(0, "unknown ImageBytes transmission element type " + type
                    + " (expected 1 to 9)");
        };
    }

    static String typeName(int type) {
        return switch (type) {
            case INT16 -> "Int16";
            case INT32 -> "Int32";
            case DOUBLE -> "Double";
            case SINGLE -> "Single";
            case UINT64 -> "UInt64";
            case BYTE -> "Byte";
            case INT64 -> "Int64";
            case UINT16 -> "UInt16";
            case UINT32 -> "UInt32";
            default -> "Unknown(" + type + ")";
        };
    }

    private static int clamp(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /** Reads a JSON imagearray reply; checks ErrorNumber and ErrorMessage wherever they appear in the object. */
    static AlpacaImage json(InputStream in) throws ReplyError, IOException {
        try (JsonParser p = AlpacaClient.JSON.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ReplyError(0, "expected a JSON object, got " + p.currentToken());
            }
            int rank = -1;
            int error = 0;
            String message = "";
            Columns value = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName().toLowerCase(Locale.ROOT);
                JsonToken token = p.nextToken();
                switch (name) {
                    case "rank" -> rank = p.getValueAsInt(-1);
                    case "errornumber" -> error = p.getValueAsInt(0);
                    case "errormessage" -> message = token == JsonToken.VALUE_NULL ? "" : p.getValueAsString("");
                    case "value" -> value = token == JsonToken.START_ARRAY ? Columns.read(p) : null;
                    default -> p.skipChildren();
                }
            }
            if (error != 0 || !message.isEmpty()) {
                throw new ReplyError(error == 0 ? -1 : error, message);
            }
            if (value == null) {
                throw new ReplyError(0, "the imagearray reply has no Value array");
            }
            if (rank != -1 && rank != value.rank()) {
                throw new ReplyError(0, "the reply says Rank " + rank + " but its Value has rank " + value.rank());
            }
            return value.image();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ReplyError(0, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** The nested Value arrays, collected column by column. */
    private static final class Columns {
        private int[] data = new int[1024];
        private int size;
        private int width;
        private int height = -1;
        private int planes = -1;

        static Columns read(JsonParser p) throws IOException, ReplyError {
            Columns c = new Columns();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_ARRAY) {
                    throw new ReplyError(0, "expected Value to be an array of columns, found " + t + " in column "
                            + c.width);
                }
                c.column(p);
                c.width++;
            }
            if (c.width == 0 || c.height < 1) {
                throw new ReplyError(0, "the image in Value is empty");
            }
            return c;
        }

        private void column(JsonParser p) throws IOException, ReplyError {
            int rows = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == JsonToken.START_ARRAY) {
                    int n = 0;
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        add(number(p, t));
                        n++;
                    }
                    if (planes == -1) {
                        planes = n;
                    } else if (planes != n || planes == 1 && n == 0) {
                        throw new ReplyError(0, "colour planes differ: " + planes + " and " + n);
                    }
                } else {
                    if (planes > 1) {
                        throw new ReplyError(0, "a rank-3 image mixes planes and single values");
                    }
                    planes = 1;
                    add(number(p, t));
                }
                rows++;
            }
            if (height == -1) {
                height = rows;
            } else if (height != rows) {
                throw new ReplyError(0, "column " + width + " has " + rows + " values, column 0 had " + height);
            }
        }

        private static int number(JsonParser p, JsonToken t) throws IOException, ReplyError {
            if (t == JsonToken.VALUE_NUMBER_INT) {
                return clamp(p.getValueAsLong());
            }
            if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                return clamp(Math.round(p.getValueAsDouble()));
            }
            throw new ReplyError(0, "expected a number in the image, found " + t);
        }

        private void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, data.length * 2);
            }
            data[size++] = v;
        }

        int rank() {
            return planes > 1 || planes == 0 ? 3 : 2;
        }

        AlpacaImage image() throws ReplyError {
            if (planes < 1) {
                throw new ReplyError(0, "the image in Value has no colour planes");
            }
            return new AlpacaImage(width, height, planes, Arrays.copyOf(data, size));
        }
    }
}
