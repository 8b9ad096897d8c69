package io.imagequeue.api.tasks;

import io.imagequeue.api.errors.ApiException;
import java.math.BigInteger;
import java.security.SecureRandom;

/** Task addresses: {@code tsk_} and 128 random bits in base62, unguessable by design. */
public final class TaskAddresses {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(ALPHABET.length());
    private static final SecureRandom RANDOM = new SecureRandom();

    private TaskAddresses() {
    }

    public static String next() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        BigInteger value = new BigInteger(1, bits);
        StringBuilder digits = new StringBuilder();
        while (value.signum() > 0) {
            BigInteger[] division = value.divideAndRemainder(BASE);
            digits.append(ALPHABET.charAt(division[1].intValue()));
            value = division[0];
        }
        while (digits.length() < 22) {
            digits.append('0');
        }
        return "tsk_" + digits.reverse();
    }

    /** Rejects strings that cannot be addresses before they reach the database. */
    public static boolean isWellFormed(String address) {
        return address != null && address.length() == 26 && address.startsWith("tsk_")
                && address.substring(4).chars().allMatch(c -> ALPHABET.indexOf(c) >= 0);
    }

    /** The 404 for an address that names none of the caller's tasks, with the address made safe to echo. */
    public static ApiException notFound(String address) {
        return ApiException.notFound("task_not_found", "No task found with address '" + abbreviate(address) + "'.");
    }

    private static String abbreviate(String value) {
        String safe = value.replaceAll("[^A-Za-z0-9_-]", "?");
        return safe.length() > 40 ? safe.substring(0, 40) + "…" : safe;
    }
}
