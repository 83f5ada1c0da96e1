import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Loadable } from '../loadable.ts';
import { GroupPicker, type PickedGroup } from './group-picker.tsx';

afterEach(cleanup);

const SALES = { id: 'b7925e28-db97-5cd3-a9e4-27af3479f25a', displayName: 'Sales', description: 'Sellers' };
const ENGINEERING = { id: '8de5486a-09d4-54ee-a852-9568fc923c72', displayName: 'Engineering' };

function Harness({
  results,
  initial = [],
  onSearch = () => undefined,
}: {
  results: Loadable<PickedGroup[]>;
  initial?: string[];
  onSearch?: (text: string) => void;
}) {
  const [ids, setIds] = useState<string[]>(initial);
  const [text, setText] = useState('');
  return (
    <FluentProvider theme={webLightTheme}>
      <GroupPicker
        aria-label="Groups"
        selectedIds={ids}
        onSelectedIdsChange={setIds}
        namesById={{ [SALES.id]: 'Sales', [ENGINEERING.id]: 'Engineering' }}
        searchText={text}
        onSearchTextChange={(next) => {
          setText(next);
          onSearch(next);
        }}
        results={results}
      />
      <output data-testid="ids">{ids.join(',')}</output>
    </FluentProvider>
  );
}

const ok = (data: PickedGroup[]) => ({ status: 'success' as const, data, isRefreshing: false });

describe('GroupPicker', { timeout: 20_000 }, () => {
  it('searches as you type and picks a group from the matches', async () => {
    const onSearch = vi.fn();
    render(<Harness results={ok([SALES, ENGINEERING])} onSearch={onSearch} />);
    const input = screen.getByRole('combobox', { name: 'Groups' });
    fireEvent.change(input, { target: { value: 'sa' } });
    expect(onSearch).toHaveBeenLastCalledWith('sa');
    fireEvent.click(input);
    await act(async () => undefined);
    const option = await screen.findByRole('option', { name: /Sales/ });
    fireEvent.click(option);
    expect(screen.getByTestId('ids').textContent).toBe(SALES.id);
    // The search text is cleared after a pick, ready for the next group.
    expect(onSearch).toHaveBeenLastCalledWith('');
  });

  it('shows picked groups by name and removes them', () => {
    render(<Harness results={ok([])} initial={[SALES.id, 'unknown-id']} />);
    const group = screen.getByRole('listbox', { name: 'Selected groups' });
    expect(group.textContent).toContain('Sales');
    expect(group.textContent).toContain('unknown-id');
    // A dismissible tag is one button: clicking it removes the group.
    fireEvent.click(within(group).getByRole('option', { name: /Sales/ }));
    expect(screen.getByTestId('ids').textContent).toBe('unknown-id');
  });

  it('says when nothing matches, and why a search failed', async () => {
    const { unmount } = render(<Harness results={ok([])} />);
    const input = screen.getByRole('combobox', { name: 'Groups' });
    fireEvent.change(input, { target: { value: 'zz' } });
    fireEvent.click(input);
    expect((await screen.findByRole('option')).textContent).toContain('No group name starts with “zz”');
    unmount();
    render(
      <Harness
        results={{ status: 'error', message: 'Graph is busy.', requestId: 'req-7', retry: () => undefined }}
      />,
    );
    fireEvent.click(screen.getByRole('combobox', { name: 'Groups' }));
    expect((await screen.findByRole('option')).textContent).toContain('Graph is busy. Request ID: req-7');
  });
});
