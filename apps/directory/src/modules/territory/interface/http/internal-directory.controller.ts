import { Body, Controller, Get, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { InternalOnly, Public } from '#concerto/http';
import { DirectoryReadService } from '../../application/directory-read.service.js';

class RouteRequestDto {
  @IsOptional() @IsString() @Matches(/^\d{4}$/)
  postalCode?: string;
}

/** Service-to-service API of the distributed mode (never exposed by the gateway). */
@ApiExcludeController()
@Public()
@InternalOnly()
@Controller('internal/v1/directory')
export class InternalDirectoryController {
  constructor(private readonly directory: DirectoryReadService) {}

  @Post('routing')
  route(@Body() body: RouteRequestDto) {
    return this.directory.route(body.postalCode);
  }

  @Get('professionals/:id/colleagues')
  colleagues(@Param('id') id: string) {
    return this.directory.findColleagues(id);
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
