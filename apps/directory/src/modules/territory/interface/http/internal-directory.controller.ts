import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { InternalOnly, Public } from '#concerto/http';
import { DirectoryReadService } from '../../application/directory-read.service.js';
import { SubjectRegistry } from '../../application/subject-registry.port.js';

class DeniedAttemptDto {
  @IsString()
  @Matches(/^[a-z-]{1,32}$/)
  reason: string;

  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/)
  correlationId: string;
}

class RouteRequestDto {
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}$/)
  postalCode?: string;
}

/** Service-to-service API of the distributed mode (never exposed by the gateway). */
@ApiExcludeController()
@Public()
@InternalOnly()
@Controller('internal/v1/directory')
export class InternalDirectoryController {
  constructor(
    private readonly directory: DirectoryReadService,
    private readonly subjects: SubjectRegistry,
  ) {}

  @Get('subjects/:id')
  async subject(@Param('id') id: string) {
    const found = await this.subjects.findSubject(id);
    if (!found) {
      throw new NotFoundException();
    }
    return found;
  }

  @Post('subjects/:id/denials')
  @HttpCode(204)
  async denied(@Param('id') id: string, @Body() body: DeniedAttemptDto): Promise<void> {
    await this.subjects.recordDeniedAttempt({ subjectId: id, reason: body.reason, correlationId: body.correlationId });
  }

  @Post('routing')
  route(@Body() body: RouteRequestDto) {
    return this.directory.route(body.postalCode);
  }

  @Get('professionals/:id/colleagues')
  colleagues(@Param('id') id: string) {
    return this.directory.findColleagues(id);
  }

  @Get('professionals/:id/paging')
  async paging(@Param('id') id: string) {
    const found = await this.directory.pagingProfile(id);
    if (!found) {
      throw new NotFoundException();
    }
    return found;
  }

  @Get('organisations/:id/contact')
  async organisationContact(@Param('id') id: string) {
    const found = await this.directory.organisationContact(id);
    if (!found) {
      throw new NotFoundException();
    }
    return found;
  }

  @Get('bassins/:id/duty-roster')
  async dutyRoster(@Param('id') id: string) {
    const found = await this.directory.dutyRoster(id);
    if (!found) {
      throw new NotFoundException();
    }
    return found;
  }

  @Get('professionals/:id')
  async professional(@Param('id') id: string) {
    const found = await this.directory.findProfessional(id);
    if (!found) {
      throw new NotFoundException();
    }
    return found;
  }
}
