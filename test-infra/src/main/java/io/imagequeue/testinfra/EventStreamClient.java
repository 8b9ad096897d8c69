package io.imagequeue.testinfra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A Server-Sent Events client as a browser's EventSource reads a stream: events, comments, the end. */
public final class EventStreamClient implements AutoCloseable {

    /** One event: its fields ({@code event}, {@code id}, {@code data}), or {@link #END}. */
    public record Event(Map<String, String> fields) {
        public String name() {
            return fields.get("event");
        }

        public String id() {
            return fields.get("id");
        }

        public String data() {
            return fields.get("data");
        }
    }

    public static final Event END = new Event(Map.of());

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;

    private EventStreamClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    public static EventStreamClient open(URI uri, String key, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new EventStreamClient(HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The next event, or {@link #END} once the server ended the stream; comments are skipped. */
    public Event next() throws InterruptedException {
        Event event = events.poll(2, TimeUnit.MINUTES);
        if (event == null) {
            throw new AssertionError("no event within two minutes");
        }
        return event;
    }

    private void read() {
        Map<String, String> fields = new HashMap<>();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!fields.isEmpty()) {
                        events.add(new Event(Map.copyOf(fields)));
                        fields.clear();
                    }
                } else if (!line.startsWith(":")) {
                    int colon = line.indexOf(':');
                    String name = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).stripLeading();
                    fields.merge(name, value, (a, b) -> a + "\n" + b);
                }
            }
        } catch (RuntimeException e) {
            // the stream was closed under the reader: the end, as below
        }
        events.add(END);
    }

    @Override
    public void close() {
        reader.interrupt();
        response.body().close();
    }
}
