/**
 * OpenTelemetry tracing, off unless an OTLP endpoint is configured: one span per GraphQL operation (continuing the
 * caller's W3C `traceparent` when there is one), child spans per SQL statement and per source-system call, and
 * `traceparent` passed on to the HTTP sources.
 *
 * The current span travels in the hub's own request scope (AsyncLocalStorage), so no global context manager or
 * tracer provider is installed: each hub has its own provider, and tracing code is a no-op when disabled.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { Logger } from '../logger.js';

export interface TracingConfig {
  /** OTLP/HTTP traces URL (e.g. http://collector:4318/v1/traces); null turns tracing off. */
  tracesUrl: string | null;
  serviceName: string;
  /** Share of new traces kept (a caller's sampled trace is always continued). @default 1 */
  sampleRatio: number;
}

type Carrier = Record<string, string | string[] | undefined>;

export interface Tracing {
  readonly enabled: boolean;
  /** A root span for an operation; continues the trace in `incoming` headers when present. */
  startOperation(name: string, attributes: Attributes, incoming?: Carrier): Span | undefined;
  /** A child of `parent` (nothing when there is no parent: work outside a traced operation is not traced). */
  startChild(parent: Span | undefined, name: string, attributes: Attributes, kind?: SpanKind): Span | undefined;
  /** Ends a span, marking it failed when `error` is given. */
  end(span: Span | undefined, error?: unknown): void;
  /** Writes `traceparent` (and `tracestate`) for `span` into outgoing HTTP headers. */
  inject(span: Span | undefined, headers: Record<string, string>): void;
  /** Flushes what is buffered and stops. */
  shutdown(): Promise<void>;
}

const propagator = new W3CTraceContextPropagator();
const getter = {
  keys: (carrier: Carrier) => Object.keys(carrier),
  get: (carrier: Carrier, key: string) => carrier[key.toLowerCase()],
};

export const NO_TRACING: Tracing = {
  enabled: false,
  startOperation: () => undefined,
  startChild: () => undefined,
  end: () => {},
  inject: () => {},
  shutdown: async () => {},
};

export function createTracing(config: TracingConfig, log: Logger, version: string): Tracing {
  if (config.tracesUrl === null) return NO_TRACING;
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName, [ATTR_SERVICE_VERSION]: version }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: config.tracesUrl }), scheduledDelayMillis: 500 })],
  });
  const tracer = provider.getTracer('sepucuk', version);
  log.info({ tracesUrl: config.tracesUrl, sampleRatio: config.sampleRatio }, 'tracing on (OTLP/HTTP)');
  return {
    enabled: true,
    startOperation(name, attributes, incoming) {
      const parent = incoming === undefined ? ROOT_CONTEXT : propagator.extract(ROOT_CONTEXT, incoming, getter);
      return tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
    },
    startChild(parent, name, attributes, kind = SpanKind.INTERNAL) {
      if (parent === undefined) return undefined;
      return tracer.startSpan(name, { kind, attributes }, trace.setSpan(ROOT_CONTEXT, parent));
    },
    end(span, error) {
      if (span === undefined) return;
      if (error !== undefined) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      }
      span.end();
    },
    inject(span, headers) {
      if (span === undefined) return;
      propagator.inject(trace.setSpan(ROOT_CONTEXT, span), headers, { set: (carrier, key, value) => (carrier[key] = value) });
    },
    shutdown: () => provider.shutdown(),
  };
}
