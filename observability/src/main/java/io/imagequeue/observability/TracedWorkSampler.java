package io.imagequeue.observability;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the traces of work that a request or a task job started, and drops client spans that
 * nothing traced started: the database queries of background work (in the API the bootstrap key at
 * start-up and the periodic look at the rows synchronous calls wait for; in the worker the lease
 * renewals, the outbox relay, the reaper, the rate limiter's pumps and gauges) would otherwise
 * export a one-span trace each, every few seconds, on every replica. Both services use this bean
 * (this module's Jandex index makes it discoverable) in place of the configured sampler.
 *
 * <p>A span with a parent follows its parent's decision. A new trace is kept in the proportion
 * {@code quarkus.otel.traces.sampler.arg} (default 1.0: every request, every job).
 */
@ApplicationScoped
@Unremovable
public class TracedWorkSampler implements Sampler {

    private final Sampler sampler;

    public TracedWorkSampler(@ConfigProperty(name = "quarkus.otel.traces.sampler.arg", defaultValue = "1.0") double ratio) {
        this.sampler = Sampler.parentBased(new NewTraces(Sampler.traceIdRatioBased(ratio)));
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                       Attributes attributes, List<LinkData> parentLinks) {
        return sampler.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "TracedWorkSampler{" + sampler.getDescription() + "}";
    }

    /** Decides spans without a parent: an orphan client span is dropped, anything else sampled by ratio. */
    private record NewTraces(Sampler byRatio) implements Sampler {

        @Override
        public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                           Attributes attributes, List<LinkData> parentLinks) {
            return spanKind == SpanKind.CLIENT
                    ? SamplingResult.drop()
                    : byRatio.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
        }

        @Override
        public String getDescription() {
            return "DropOrphanClientSpans{" + byRatio.getDescription() + "}";
        }
    }
}
