import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { AppException } from '#concerto/ddd';
import { Public } from '#concerto/http';
import { RecordDeliveryReportCommand } from '../../application/commands/record-delivery-report/record-delivery-report.command.js';
import { reportedStatusOfTwilio } from '../../domain/provider-report.js';
import { twilioStatusCallbackUrl, verifyTwilioSignature } from '../../application/twilio-signature.js';

const TWILIO_MESSAGE_SID = /^(SM|MM)[0-9a-fA-F]{32}$/;

/**
 * Delivery reports posted by the SMS provider. No bearer token: the provider signs each request
 * with the account's auth token, and nothing but a verified report is read or stored.
 */
@ApiTags('delivery reports')
@Public()
@Controller('v1/delivery-reports')
export class DeliveryReportsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
  ) {}

  @Post('twilio')
  @HttpCode(204)
  @ApiExcludeEndpoint()
  async twilio(@Headers('x-twilio-signature') signature: string | undefined, @Body() body: unknown): Promise<void> {
    const token = this.config.SMS_PROVIDER === 'twilio' ? this.config.TWILIO_AUTH_TOKEN : undefined;
    if (!token) {
      throw new AppException('NOT_FOUND', 'not-found', 'No SMS provider reports here.');
    }
    const params = formParams(body);
    if (
      !params ||
      !verifyTwilioSignature(token, twilioStatusCallbackUrl(this.config.PUBLIC_BASE_URL), params, signature)
    ) {
      throw new AppException('SIGNATURE_INVALID', 'forbidden', 'The report is not signed by the SMS provider.', {
        field: 'X-Twilio-Signature',
      });
    }
    const sid = params.MessageSid ?? params.SmsSid;
    const status = reportedStatusOfTwilio(params.MessageStatus ?? params.SmsStatus);
    if (!sid || !TWILIO_MESSAGE_SID.test(sid)) {
      throw new AppException('REPORT_INVALID', 'invalid', 'MessageSid is missing or malformed.', {
        field: 'MessageSid',
      });
    }
    if (!status) {
      return; // queued, sending, sent…: nothing to record
    }
    const errorCode = params.ErrorCode && /^\d{1,8}$/.test(params.ErrorCode) ? params.ErrorCode : undefined;
    await this.commands.execute(
      new RecordDeliveryReportCommand({
        provider: 'twilio',
        providerMessageId: sid,
        status,
        ...(errorCode ? { errorCode } : {}),
      }),
    );
  }
}

/** An application/x-www-form-urlencoded body as name → value, or undefined if it is anything else. */
function formParams(body: unknown): Record<string, string> | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (typeof v !== 'string') {
      return undefined;
    }
    out[k] = v;
  }
  return out;
}
