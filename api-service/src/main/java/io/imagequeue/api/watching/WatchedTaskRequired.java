package io.imagequeue.api.watching;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint whose {@code taskAddress} must name one of the caller's tasks before the
 * response starts: {@link WatchedTaskFilter} answers 404 otherwise, and leaves the task it read in
 * {@link WatchedTaskOfRequest}.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface WatchedTaskRequired {
}
