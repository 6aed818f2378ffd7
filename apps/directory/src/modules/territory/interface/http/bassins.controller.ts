import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DirectoryReadService } from '../../application/directory-read.service.js';
import { BassinDto } from './dto/bassin.responses.dto.js';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('v1/bassins')
export class BassinsController {
  constructor(private readonly directory: DirectoryReadService) {}

  /** The five Brussels bassins and the postal codes they cover (ambiguous codes appear under each candidate). */
  @Get()
  @ApiOkResponse({
    type: [BassinDto],
    description: 'Bassins with their names in French, Dutch and English and their postal codes.',
  })
  list() {
    return this.directory.listBassins();
  }
}
