import { CareTeam } from './care-team.reader.js';
import { AddParticipantHandler } from './commands/add-participant/add-participant.handler.js';
import { SeatThePersonHandler } from './commands/seat-the-person/seat-the-person.handler.js';
import { UpdateParticipantHandler } from './commands/update-participant/update-participant.handler.js';
import { IdentifyPersonHandler } from './queries/identify-person/identify-person.handler.js';
import { ListParticipantsHandler } from './queries/list-participants/list-participants.handler.js';

export const CareTeamCommandHandlers = [AddParticipantHandler, UpdateParticipantHandler, SeatThePersonHandler];
export const CareTeamQueryHandlers = [ListParticipantsHandler, IdentifyPersonHandler];
export const CareTeamApplicationServices = [CareTeam];
