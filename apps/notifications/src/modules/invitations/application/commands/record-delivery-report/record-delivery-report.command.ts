import { Command } from '@nestjs/cqrs';
import type { ProviderReport } from '../../../domain/provider-report.js';

/**
 * A verified report from the SMS provider: applied now if its message is known, else kept and
 * applied when the send is recorded (the provider may call back before it answers the send).
 */
export class RecordDeliveryReportCommand extends Command<'applied' | 'pending'> {
  constructor(readonly report: ProviderReport) {
    super();
  }
}
