'use client';

import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useApi } from '../../data/api-context.tsx';
import { loadableFrom } from '../loadable.ts';

/** The search text once the typing has paused, so each keystroke does not ask Graph. */
function useSettled(text: string, ms = 250): string {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text.trim()), ms);
    return () => clearTimeout(timer);
  }, [text, ms]);
  return settled;
}

/**
 * The Assignments step's directory search, and the names of the groups picked so far
 * (search results, or one lookup per id the form arrived with, e.g. when editing).
 */
export function useGroupPicker(selectedIds: string[], isActive: boolean) {
  const { queries } = useApi();
  const [searchText, setSearchText] = useState('');
  const settled = useSettled(searchText);
  const search = useQuery({ ...queries.groupSearch(settled), enabled: isActive });
  const [seen, setSeen] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!search.data) return;
    setSeen((old) => {
      const next = { ...old };
      for (const group of search.data) next[group.id] = group.displayName;
      return next;
    });
  }, [search.data]);
  const lookups = useQueries({
    queries: selectedIds
      .filter((id) => seen[id] === undefined)
      .map((id) => ({ ...queries.group(id), retry: false })),
  });
  const namesById = useMemo(() => {
    const names = { ...seen };
    for (const lookup of lookups) if (lookup.data) names[lookup.data.id] = lookup.data.displayName;
    return names;
  }, [seen, lookups]);
  return {
    searchText,
    onSearchTextChange: setSearchText,
    results: loadableFrom(search),
    namesById,
  };
}
