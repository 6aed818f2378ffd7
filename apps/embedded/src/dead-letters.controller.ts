import { Controller, Get, HttpCode, Logger, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal, Role } from '#concerto/auth';
import { CurrentPrincipal, RequireRoles } from '#concerto/http';
import { InProcessDeadLetters, InProcessTransport } from '#concerto/messaging';
import { DeadLetterDto, ReplayedDeadLetterDto } from './dto/dead-letters.responses.dto.js';

/**
 * The embedded mode's dead letters, for an administrator (`npm run -s dead-letters -- list --engine URL`).
 * The distributed mode keeps them in Kafka's `<topic>.dlt` topics, which the same command reads directly.
 * Only where a letter came from and why it failed is shown, never the event itself.
 */
@ApiTags('operations')
@ApiBearerAuth()
@RequireRoles(Role.admin)
@Controller('v1/admin/dead-letters')
export class DeadLettersController {
  private readonly logger = new Logger(DeadLettersController.name);

  constructor(
    private readonly deadLetters: InProcessDeadLetters,
    private readonly transport: InProcessTransport,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Events a consumer gave up on after its retries, oldest first, with whether they were replayed (embedded mode)',
  })
  @ApiOkResponse({ type: [DeadLetterDto] })
  list() {
    return this.deadLetters.list();
  }

  @Post('replay')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Sends every dead letter not yet replayed back to the consumer group that gave up on it, once the cause is fixed; says for each whether the group applied it this time (embedded mode)',
  })
  @ApiOkResponse({ type: [ReplayedDeadLetterDto] })
  async replay(@CurrentPrincipal() p: Principal) {
    const replayed = await this.deadLetters.replay(this.transport);
    const count = (outcome: string) => replayed.filter((d) => d.outcome === outcome).length;
    this.logger.log({
      msg: 'dead letters replayed',
      actorId: p.userId,
      handled: count('handled'),
      deadLetteredAgain: count('dead-lettered-again'),
      noSuchConsumer: count('no-such-consumer'),
    });
    return replayed;
  }
}
