package org.orrery.core.sequence.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The deterministic id of a task step's attempt, {@code <sequenceId>.<stepId>[.<i1>…].<attempt>},
 * so that after a crash the runner finds the task it started; when that is not a valid task id
 * (longer than 128), {@code <sequenceId>.} and the first 40 hex digits of the rest's SHA-256.
 */
final class TaskIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private TaskIds() {
    }

    static String of(String sequenceId, String key, int attempt) {
        String rest = key + "." + attempt;
        String id = sequenceId + "." + rest;
        if (VALID.matcher(id).matches()) {
            return id;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(rest.getBytes(StandardCharsets.UTF_8));
            return sequenceId + "." + HexFormat.of().formatHex(hash).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
