import {
  listNotificationsQuerySchema,
  markNotificationsReadRequestSchema,
  updateNotificationPreferencesRequestSchema,
} from '@accord/shared';
import { Router } from 'express';
import { requirePerson } from '../auth/sessionActor.ts';
import type { NotificationService } from '../notifications/NotificationService.ts';
import { parseInput } from './threadRoutes.ts';

/**
 * The signed-in person's notifications and e-mail preference (routes in shared/notifications.ts).
 * Always the session's own: no route takes a person id, so nobody reads or marks another's.
 */
export function notificationRoutes(deps: { notifications: NotificationService }): Router {
  const { notifications } = deps;
  const router = Router();

  router.get('/notifications', async (req, res) => {
    const person = requirePerson(req);
    const query = parseInput(listNotificationsQuerySchema, req.query);
    res.json(await notifications.list(person, query));
  });

  router.post('/notifications/read', async (req, res) => {
    const person = requirePerson(req);
    const request = parseInput(markNotificationsReadRequestSchema, req.body);
    res.json(await notifications.markRead(person, request));
  });

  router.get('/notifications/preferences', async (req, res) => {
    res.json(await notifications.preferences(requirePerson(req)));
  });

  router.put('/notifications/preferences', async (req, res) => {
    const person = requirePerson(req);
    const request = parseInput(updateNotificationPreferencesRequestSchema, req.body);
    res.json(await notifications.setPreferences(person, request));
  });

  return router;
}
