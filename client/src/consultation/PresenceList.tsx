import type { Stakeholder } from '@accord/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { usePeopleHere } from '../collab/useCollabSession.ts';
import { useLanguage } from '../i18n/useLanguage.ts';

interface PresenceListProps {
  selfPersonId: string;
  stakeholders: Stakeholder[];
}

/** "Here now": everyone with this consultation open, from the presence document's awareness. */
export function PresenceList({ selfPersonId, stakeholders }: PresenceListProps) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const people = usePeopleHere();
  const headingId = useId();

  // The server stamps the stakeholder id; its name is shown in the UI language when known.
  const stakeholderName = (id: string | null, fallback: string | null) =>
    stakeholders.find((s) => s.id === id)?.name[language] ?? fallback;

  return (
    <section className="presence" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('presence.heading')}</h2>
      <ul aria-label={t('presence.listLabel')}>
        {people.map((person) => {
          const stakeholder = stakeholderName(person.stakeholderId, person.stakeholderName);
          return (
            <li key={person.personId}>
              <span className="presence-name">{person.name}</span>
              {person.personId === selfPersonId && <span className="presence-you"> {t('presence.you')}</span>}
              {stakeholder !== null && <span className="presence-stakeholder">{stakeholder}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
