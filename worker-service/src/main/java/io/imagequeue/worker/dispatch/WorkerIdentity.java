package io.imagequeue.worker.dispatch;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.util.UUID;

/** This worker process's name in leases: host, pid and a random suffix, unique across restarts. */
@ApplicationScoped
public class WorkerIdentity {

    private final String id;

    public WorkerIdentity() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "worker";
        }
        this.id = host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String id() {
        return id;
    }
}
