import { Body, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InternalOnly, Public } from '#concerto/http';
import { PersonVaultService } from '../../application/person-vault.service.js';

/** Distributed mode: the cases service resolves a personRef here for an authorised, audited read. */
@ApiExcludeController()
@Public()
@InternalOnly()
@Controller('internal/v1/persons')
export class InternalPersonsController {
  constructor(private readonly vault: PersonVaultService) {}

  @Get(':personRef')
  async identify(@Param('personRef', new ParseUUIDPipe()) personRef: string) {
    const identity = await this.vault.identify(personRef);
    if (!identity) {
      throw new NotFoundException();
    }
    return identity;
  }

  /** The cases service has checked the coordinator's right and the person's consent. */
  @Post(':personRef/verify')
  @HttpCode(200)
  async verify(@Param('personRef', new ParseUUIDPipe()) personRef: string, @Body() body: { nationalNumber?: unknown }) {
    const nationalNumber = typeof body?.nationalNumber === 'string' ? body.nationalNumber : '';
    return { outcome: await this.vault.verify(personRef, nationalNumber) };
  }
}
