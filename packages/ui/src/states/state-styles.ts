import { makeStyles, tokens } from '@fluentui/react-components';

export const useStateStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    rowGap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalXL}`,
    textAlign: 'center',
  },
  icon: {
    display: 'flex',
    fontSize: '48px',
    color: tokens.colorNeutralForeground3,
  },
  errorIcon: {
    color: tokens.colorStatusDangerForeground1,
  },
  // Fluent's Text aligns to the start by default; states are centred.
  title: {
    margin: 0,
    textAlign: 'inherit',
  },
  description: {
    margin: 0,
    textAlign: 'inherit',
    maxWidth: '60ch',
    color: tokens.colorNeutralForeground2,
  },
  requestId: {
    margin: 0,
    color: tokens.colorNeutralForeground3,
  },
  code: {
    fontFamily: tokens.fontFamilyMonospace,
    userSelect: 'all',
  },
});
