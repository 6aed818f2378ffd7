import { ApiProperty } from '@nestjs/swagger';

export class BassinDto {
  @ApiProperty({ example: 'nord' }) id: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { fr: 'Nord', nl: 'Noord', en: 'North' },
  })
  name: Record<string, string>;
  @ApiProperty({ type: [String], example: ['1020', '1120'] }) postalCodes: string[];
}
