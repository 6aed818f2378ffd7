import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { envelopeSchema, type EventEnvelope } from './envelope.js';
import { EVENT_CATALOG } from './event-catalog.js';

export type ValidationResult = { ok: true; envelope: EventEnvelope } | { ok: false; errors: string[] };

/** Checks an incoming or outgoing event against the envelope schema and its payload schema. */
export class EventValidator {
  private readonly envelope: ValidateFunction;
  private readonly payloads = new Map<string, ValidateFunction>();

  constructor() {
    const ajv = new Ajv({ allErrors: true, strict: true });
    // ajv-formats is CommonJS: its plugin is the default export of the module object.
    const addFormats =
      (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    this.envelope = ajv.compile(envelopeSchema);
    for (const def of EVENT_CATALOG) {
      this.payloads.set(`${def.type}@${def.version}`, ajv.compile(def.schema));
    }
  }

  validate(candidate: unknown): ValidationResult {
    if (!this.envelope(candidate)) {
      return { ok: false, errors: formatErrors(this.envelope) };
    }
    const env = candidate as EventEnvelope;
    const payload = this.payloads.get(`${env.type}@${env.eventversion}`);
    if (!payload) {
      return { ok: false, errors: [`unknown event type ${env.type} v${env.eventversion}`] };
    }
    if (!payload(env.data)) {
      return { ok: false, errors: formatErrors(payload) };
    }
    return { ok: true, envelope: env };
  }
}

function formatErrors(fn: ValidateFunction): string[] {
  return (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
