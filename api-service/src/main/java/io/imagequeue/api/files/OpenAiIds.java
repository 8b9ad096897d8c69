package io.imagequeue.api.files;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Ids of the OpenAI-shaped objects ({@code file-…}, {@code batch_…}, {@code batch_req_…}): a prefix
 * and 128 random bits in base62, unguessable like task addresses.
 */
public final class OpenAiIds {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(ALPHABET.length());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int DIGITS = 22;

    private OpenAiIds() {
    }

    public static String next(String prefix) {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        BigInteger value = new BigInteger(1, bits);
        StringBuilder digits = new StringBuilder();
        while (value.signum() > 0) {
            BigInteger[] division = value.divideAndRemainder(BASE);
            digits.append(ALPHABET.charAt(division[1].intValue()));
            value = division[0];
        }
        while (digits.length() < DIGITS) {
            digits.append('0');
        }
        return prefix + digits.reverse();
    }

    /** Rejects strings that cannot be ids of this kind before they reach the database. */
    public static boolean isWellFormed(String prefix, String id) {
        return id != null && id.length() == prefix.length() + DIGITS && id.startsWith(prefix)
                && id.substring(prefix.length()).chars().allMatch(c -> ALPHABET.indexOf(c) >= 0);
    }
}
