'use client';

import { GroupPicker } from './group-picker.tsx';
import { useGroupPicker } from './use-group-picker.ts';

/** The group picker wired to the directory search, for forms that hold group ids. */
export function DirectoryGroupPicker({
  selectedIds,
  onSelectedIdsChange,
}: {
  selectedIds: string[];
  onSelectedIdsChange: (ids: string[]) => void;
}) {
  const search = useGroupPicker(selectedIds, true);
  return <GroupPicker {...search} selectedIds={selectedIds} onSelectedIdsChange={onSelectedIdsChange} />;
}
