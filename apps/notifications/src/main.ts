import 'reflect-metadata';
import { runMain, startServiceProcess } from '#concerto/platform';
import { NotificationsServiceModule } from './notifications-service.module.js';

// Distributed mode: the notifications service in its own process (NOTIFICATIONS_PORT).
runMain('notifications', () =>
  startServiceProcess({
    service: 'notifications',
    module: NotificationsServiceModule,
    port: (config) => config.NOTIFICATIONS_PORT,
    uses: { messaging: true, queue: true, invitationCardsApi: true, directoryApi: true, caseAcknowledgeApi: true },
    title: 'Concerto notifications service',
    description:
      'Invitations by e-mail (iCalendar), SMS and letters in each invitee’s language; reminders; the no-answer chain; delivery events.',
  }),
);
