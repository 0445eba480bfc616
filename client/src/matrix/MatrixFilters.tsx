import {
  type MatrixFilters as Filters,
  type Framework,
  type NumberedSection,
  outlineFramework,
  RESPONSE_STATUSES,
  type Stakeholder,
  THREAD_KINDS,
} from '@accord/shared';
import { type ReactNode, useId, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../i18n/useLanguage.ts';
import { hasFilters } from './filtersQuery.ts';

interface MatrixFiltersProps {
  filters: Filters;
  onChange: (filters: Filters) => void;
  framework: Framework;
  stakeholders: Stakeholder[];
}

const STAKEHOLDER_GROUPS = [
  { kind: 'member_state', label: 'matrix.filters.memberStates' },
  { kind: 'partner', label: 'matrix.filters.partners' },
  { kind: 'secretariat', label: 'matrix.filters.secretariat' },
] as const;

function flatten(sections: NumberedSection[]): NumberedSection[] {
  return sections.flatMap((section) => [section, ...flatten(section.children)]);
}

/** The matrix's filters; each applies as soon as it is chosen. */
export function MatrixFilters({ filters, onChange, framework, stakeholders }: MatrixFiltersProps) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const sections = useMemo(() => flatten(outlineFramework(framework)), [framework]);
  const set = (change: Partial<Filters>) => onChange({ ...filters, ...change });
  const ref = useRef<HTMLElement>(null);
  const clear = () => {
    onChange({});
    // The button goes away with the filters: keep keyboard focus in the filters.
    ref.current?.querySelector('select')?.focus();
  };

  return (
    <search ref={ref} className="matrix-filters" aria-label={t('matrix.filters.label')}>
      <FilterSelect
        label={t('matrix.filters.stakeholder')}
        value={filters.stakeholderId ?? ''}
        onChange={(value) => set({ stakeholderId: stakeholders.find((s) => s.id === value)?.id })}
      >
        <option value="">{t('matrix.filters.allStakeholders')}</option>
        {STAKEHOLDER_GROUPS.map(({ kind, label }) => {
          const members = stakeholders.filter((s) => s.kind === kind);
          if (members.length === 0) return null;
          return (
            <optgroup key={kind} label={t(label)}>
              {members.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name[language]}
                </option>
              ))}
            </optgroup>
          );
        })}
      </FilterSelect>
      <FilterSelect
        label={t('matrix.filters.section')}
        value={filters.sectionId ?? ''}
        onChange={(value) => set({ sectionId: sections.find((s) => s.id === value)?.id })}
      >
        <option value="">{t('matrix.filters.allSections')}</option>
        {sections.map((section) => (
          <option key={section.id} value={section.id}>
            {/* Options take no styling: em spaces show the nesting. */}
            {`${'\u2003'.repeat(section.depth)}${t('matrix.section', { number: section.number, title: section.title[language] })}`}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        label={t('matrix.filters.kind')}
        value={filters.kind ?? ''}
        onChange={(value) => set({ kind: THREAD_KINDS.find((k) => k === value) })}
      >
        <option value="">{t('matrix.filters.allKinds')}</option>
        {THREAD_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`matrix.kind.${kind}`)}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        label={t('matrix.filters.response')}
        value={filters.response ?? ''}
        onChange={(value) => set({ response: value === 'none' ? 'none' : RESPONSE_STATUSES.find((r) => r === value) })}
      >
        <option value="">{t('matrix.filters.allResponses')}</option>
        <option value="none">{t('matrix.response.none')}</option>
        {RESPONSE_STATUSES.map((status) => (
          <option key={status} value={status}>
            {t(`matrix.response.${status}`)}
          </option>
        ))}
      </FilterSelect>
      {hasFilters(filters) && (
        <button type="button" className="matrix-filters-clear" onClick={clear}>
          {t('matrix.filters.clear')}
        </button>
      )}
    </search>
  );
}

interface FilterSelectProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}

function FilterSelect({ label, value, onChange, children }: FilterSelectProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {children}
      </select>
    </div>
  );
}
