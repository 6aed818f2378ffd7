import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DevIdentityProvider } from '#concerto/auth';
import { Public } from '#concerto/http';

/** The development issuer's public keys, so any OIDC-style client can verify embedded-mode tokens. */
@ApiExcludeController()
@Controller('dev-idp')
export class DevIdpController {
  constructor(private readonly idp: DevIdentityProvider) {}

  @Public()
  @Get('jwks')
  jwks() {
    return this.idp.jwks();
  }
}
