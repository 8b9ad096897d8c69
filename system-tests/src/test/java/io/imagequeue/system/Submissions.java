package io.imagequeue.system;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Many submissions at once, as a busy client sends them. */
final class Submissions {

    private Submissions() {
    }

    /** Submits {@code count} tasks from 8 threads and answers their addresses in submission order. */
    static List<String> concurrently(int count, IntFunction<String> submit) {
        ExecutorService submitters = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> submitted = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                submitted.add(submitters.submit(() -> submit.apply(index)));
            }
            List<String> addresses = new ArrayList<>();
            for (Future<String> address : submitted) {
                addresses.add(address.get());
            }
            return addresses;
        } catch (Exception e) {
            throw new IllegalStateException("submitting failed", e);
        } finally {
            submitters.shutdownNow();
        }
    }
}
