import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CALL_OUTCOMES, type CallOutcome } from '../../../domain/coordinator-task.js';

export class RecordCallDto {
  @ApiProperty({
    enum: CALL_OUTCOMES,
    description:
      'What came of the call. `reached`, `wrong-number` and `refused` close the task; after `no-answer` or `voicemail-left` it stays open for another try.',
  })
  @IsIn(CALL_OUTCOMES)
  outcome: CallOutcome;
}
