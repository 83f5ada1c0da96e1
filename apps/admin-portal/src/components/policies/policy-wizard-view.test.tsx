import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { type ComponentProps, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EMPTY_POLICY, type PolicyFormValues, type Step } from './policy-form.ts';
import { PolicyWizardView } from './policy-wizard-view.tsx';

afterEach(cleanup);

// MessageBar measures itself; jsdom has no ResizeObserver.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

function Harness(props: Partial<ComponentProps<typeof PolicyWizardView>>) {
  const [values, setValues] = useState<PolicyFormValues>(EMPTY_POLICY);
  const [step, setStep] = useState<Step>('configuration');
  return (
    <FluentProvider theme={webLightTheme}>
      <PolicyWizardView
        mode="create"
        values={values}
        onChange={setValues}
        step={step}
        onStepChange={setStep}
        catalogs={{ status: 'success', data: { images: [], regions: [] }, isRefreshing: false }}
        errors={{}}
        groupPicker={{
          namesById: { 'b7925e28-db97-5cd3-a9e4-27af3479f25a': 'Sales' },
          searchText: '',
          onSearchTextChange: () => undefined,
          results: { status: 'success', data: [], isRefreshing: false },
        }}
        isSubmitting={false}
        onSubmit={() => undefined}
        onCancel={() => undefined}
        isConfirmingLeave={false}
        onLeave={() => undefined}
        onStay={() => undefined}
        {...props}
      />
    </FluentProvider>
  );
}

/** The wizard on Assignments with Sales already picked. */
function Picking() {
  const [values, setValues] = useState<PolicyFormValues>({
    ...EMPTY_POLICY,
    groupIds: 'b7925e28-db97-5cd3-a9e4-27af3479f25a',
  });
  const [step, setStep] = useState<Step>('assignments');
  return <Harness values={values} onChange={setValues} step={step} onStepChange={setStep} />;
}

// The first Fluent render in a cold jsdom worker can take seconds on a busy machine.
describe('PolicyWizardView', { timeout: 20_000 }, () => {
  it('previews the device name as the template changes', () => {
    render(<Harness />);
    expect(document.body.textContent).toMatch(/Example for adele@contoso.test: CPC-ADELE-[A-Z0-9]{5}/);
    fireEvent.change(screen.getByRole('textbox', { name: /Device name template/ }), {
      target: { value: 'X-%RAND:2%' },
    });
    expect(document.body.textContent).toContain('No preview until the template is valid.');
  });

  it('shows server errors next to their fields and the conflict with a reload', () => {
    const onReload = vi.fn();
    render(
      <Harness
        errors={{ namingTemplate: 'The template expands past 15 characters.' }}
        failure={{
          title: 'Someone else changed this policy',
          message: 'Reload.',
          requestId: 'req-9',
          onReload,
        }}
      />,
    );
    expect(document.body.textContent).toContain('The template expands past 15 characters.');
    expect(document.body.textContent).toContain('Request ID: req-9');
    fireEvent.click(screen.getByRole('button', { name: 'Reload the policy' }));
    expect(onReload).toHaveBeenCalledTimes(1);
  });

  it('walks the steps with Next and Back', () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByRole('heading', { level: 2, name: 'Assignments' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByRole('heading', { level: 2, name: 'Configuration' })).toBeTruthy();
  });

  it('picks groups on Assignments and names them on Review', () => {
    render(<Picking />);
    expect(screen.getByRole('listbox', { name: 'Selected groups' }).textContent).toContain('Sales');
    expect(screen.getByRole('combobox', { name: /Groups/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByRole('heading', { level: 2, name: 'Review + create' })).toBeTruthy();
    expect(document.body.textContent).toContain('GroupsSales');
  });
});
