package io.imagequeue.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** How API keys look, how they are hashed for storage, and which part of them finds their row. */
public final class ApiKeys {

    /** Characters of a key kept in clear as its lookup prefix; too few to guess the rest from. */
    public static final int PREFIX_LENGTH = 16;
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** A new key: {@code iq_} and 40 base62 characters (about 238 random bits). */
    public static String generate() {
        StringBuilder key = new StringBuilder("iq_");
        for (int i = 0; i < 40; i++) {
            key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return key.toString();
    }

    public static String prefix(String key) {
        return key.substring(0, Math.min(PREFIX_LENGTH, key.length()));
    }

    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static boolean hashMatches(String key, byte[] storedHash) {
        return MessageDigest.isEqual(hash(key), storedHash);
    }

    /** Cheap shape check that spares the database lookups for strings that cannot be keys. */
    public static boolean isPlausible(String key) {
        return key != null && key.length() >= 20 && key.length() <= 200
                && key.chars().allMatch(c -> c > 32 && c < 127);
    }
}
