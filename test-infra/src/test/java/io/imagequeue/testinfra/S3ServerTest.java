package io.imagequeue.testinfra;

import static io.imagequeue.testinfra.InfrastructureTest.signed;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** An outage of the object store, as fault tests stage it: stop, then start again on the same port and data. */
class S3ServerTest {

    @Test
    void aPersistentStoreKeepsItsPortBucketsAndObjectsAcrossAStopAndStart() throws Exception {
        try (S3Server s3 = S3Server.persistent().start()) {
            int port = s3.port();
            byte[] body = "kept across the outage".getBytes(StandardCharsets.UTF_8);
            assertThat(signed(s3, "PUT", "/kept", new byte[0]).statusCode()).isEqualTo(200);
            assertThat(signed(s3, "PUT", "/kept/a/b.txt", body).statusCode()).isEqualTo(200);

            s3.stop();
            assertThat(s3.isRunning()).isFalse();
            assertThat(FreePorts.isListening(port)).as("nothing answers while it is down").isFalse();

            s3.start();
            assertThat(s3.port()).isEqualTo(port);
            HttpResponse<String> read = signed(s3, "GET", "/kept/a/b.txt", new byte[0]);
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).isEqualTo("kept across the outage");
        }
    }
}
