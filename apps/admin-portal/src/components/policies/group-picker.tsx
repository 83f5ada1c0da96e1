'use client';

import {
  Tag,
  TagPicker,
  TagPickerControl,
  TagPickerGroup,
  TagPickerInput,
  TagPickerList,
  type TagPickerOnOptionSelectData,
  TagPickerOption,
} from '@fluentui/react-components';
import type { Loadable } from '../loadable.ts';

export interface PickedGroup {
  id: string;
  displayName: string;
  description?: string | null;
}

export interface GroupPickerProps {
  /** Selected group object ids, in the order they were picked. */
  selectedIds: readonly string[];
  onSelectedIdsChange: (ids: string[]) => void;
  /** Display names of groups seen so far (search results and resolved ids). */
  namesById: Readonly<Record<string, string>>;
  searchText: string;
  onSearchTextChange: (text: string) => void;
  /** Groups matching the search text, from the directory. */
  results: Loadable<PickedGroup[]>;
  /** Labels the input when no Field does. */
  'aria-label'?: string;
}

/** Not a group: the list's placeholder entries select nothing. */
const PLACEHOLDER = '__placeholder__';

/**
 * Picks directory groups by name: type to search the directory (through the API, which asks
 * Graph), choose from the matches; picked groups show as tags that can be removed. Ids of
 * groups the directory no longer knows still show (by id) so nothing is silently dropped.
 */
export function GroupPicker(props: GroupPickerProps) {
  const { selectedIds, results } = props;
  const onOptionSelect = (_event: unknown, data: TagPickerOnOptionSelectData) => {
    if (data.value === PLACEHOLDER) return;
    props.onSelectedIdsChange(data.selectedOptions.filter((id) => id !== PLACEHOLDER));
    props.onSearchTextChange('');
  };
  const choices =
    results.status === 'success' ? results.data.filter((group) => !selectedIds.includes(group.id)) : [];
  return (
    <TagPicker onOptionSelect={onOptionSelect} selectedOptions={[...selectedIds]}>
      <TagPickerControl>
        <TagPickerGroup aria-label="Selected groups">
          {selectedIds.map((id) => (
            <Tag key={id} shape="rounded" value={id} dismissible>
              {props.namesById[id] ?? id}
            </Tag>
          ))}
        </TagPickerGroup>
        <TagPickerInput
          {...(props['aria-label'] ? { 'aria-label': props['aria-label'] } : {})}
          placeholder={selectedIds.length === 0 ? 'Search groups by name' : undefined}
          value={props.searchText}
          onChange={(event) => props.onSearchTextChange(event.target.value)}
        />
      </TagPickerControl>
      <TagPickerList>
        {results.status === 'pending' ? (
          <TagPickerOption value={PLACEHOLDER}>Searching the directory…</TagPickerOption>
        ) : null}
        {results.status === 'error' ? (
          <TagPickerOption value={PLACEHOLDER}>
            {`Groups could not be searched. ${results.message}${results.requestId ? ` Request ID: ${results.requestId}` : ''}`}
          </TagPickerOption>
        ) : null}
        {results.status === 'success' && choices.length === 0 ? (
          <TagPickerOption value={PLACEHOLDER}>
            {props.searchText ? `No group name starts with “${props.searchText}”` : 'No more groups'}
          </TagPickerOption>
        ) : null}
        {choices.map((group) => (
          <TagPickerOption key={group.id} value={group.id} secondaryContent={group.description ?? undefined}>
            {group.displayName}
          </TagPickerOption>
        ))}
      </TagPickerList>
    </TagPicker>
  );
}
